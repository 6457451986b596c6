import { describe, expect, it } from 'vitest';
import { EquivalenceError, equivalence, type WireRequest } from '../../src/oracle/index.js';

const TABLE = {
  userAgent: {
    at: 'header.user-agent',
    sdk: /^axios\/\d+/,
    ours: undefined,
    why: 'we do not pose as the SDK',
  },
  getBody: { at: 'json', sdk: '{}', ours: undefined, why: 'a GET carries no body' },
  detailsBody: { at: 'json', sdk: 'null', ours: undefined, why: 'the id is in the path' },
} as const;

const { expectEquivalent, expectAllEquivalent, differences } = equivalence(TABLE, {
  headers: ['user-agent', 'authorization'],
});

function request(partial: Partial<WireRequest>): WireRequest {
  return { method: 'GET', path: '/book', headers: {}, body: undefined, ...partial };
}

const sdk = request({ headers: { 'user-agent': 'axios/0.20.0' }, body: '{}' });

describe('equivalence', () => {
  it('passes when exactly the named rows differ, a pattern matching a per-call value', () => {
    expect(differences(sdk, request({}))).toHaveLength(2);
    expect(() => expectEquivalent(sdk, request({}), ['userAgent', 'getBody'])).not.toThrow();
    // Naming a row twice is naming it once.
    expect(() => expectEquivalent(sdk, request({}), ['getBody', 'userAgent', 'getBody'])).not.toThrow();
  });

  it('fails on a difference the case does not name, saying where', () => {
    const ours = request({ headers: { authorization: 'Bearer x' } });
    expect(() => expectEquivalent(sdk, ours, ['userAgent', 'getBody'])).toThrow(
      /unexpected header\.authorization: sdk absent, ours "Bearer x"/,
    );
  });

  it('fails on a named row that does not differ, or differs in another value', () => {
    const same = request({ headers: { 'user-agent': 'axios/0.20.0' } });
    expect(() => expectEquivalent(sdk, same, ['userAgent', 'getBody'])).toThrow(/missing userAgent/);
    // Both rows sit at `json`: only the one whose values match counts.
    expect(() => expectEquivalent(sdk, request({}), ['userAgent', 'detailsBody'])).toThrow(EquivalenceError);
  });

  it('fails when a side sent nothing, or the sides sent different counts', () => {
    expect(() => expectEquivalent(undefined, request({}), [])).toThrow(/a side sent no request/);
    expect(() => expectAllEquivalent([sdk, sdk], [request({})], ['userAgent', 'getBody'])).toThrow(
      /the SDK sent 2 requests .*ours 1/,
    );
    expect(() =>
      expectAllEquivalent([sdk, sdk], [request({}), request({})], ['userAgent', 'getBody']),
    ).not.toThrow();
  });
});
