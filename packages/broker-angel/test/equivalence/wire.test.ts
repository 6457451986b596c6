import { describe, expect, it } from 'vitest';
import { differences, type WireRequest } from './wire.js';

const JSON_TYPE = 'application/json';

function request(partial: Partial<WireRequest>): WireRequest {
  return {
    method: 'POST',
    path: '/rest/secure/angelbroking/order/v1/placeOrder',
    headers: { 'content-type': JSON_TYPE },
    body: '{}',
    ...partial,
  };
}

/** The comparison itself: what it ignores and what it must catch, or every equivalence passes vacuously. */
describe('differences', () => {
  it('ignores field order, header case and transport headers', () => {
    const a = request({
      headers: { 'Content-Type': JSON_TYPE, host: 'a', 'content-length': '30', 'X-PrivateKey': 'k' },
      body: '{"price":"420.5","quantity":"1"}',
    });
    const b = request({
      headers: { 'content-type': JSON_TYPE, connection: 'keep-alive', 'x-privatekey': 'k' },
      body: '{"quantity":"1","price":"420.5"}',
    });
    expect(differences(a, b)).toEqual([]);
  });

  it('catches a number for a string, a missing field, a path, a method and an X- header', () => {
    const sdk = request({
      body: '{"price":"420.5","quantity":"1","triggerprice":"0"}',
      headers: { 'content-type': JSON_TYPE, authorization: 'Bearer a', 'x-usertype': 'USER' },
    });
    const ours = request({
      method: 'GET',
      path: '/rest/secure/angelbroking/order/v1/modifyOrder',
      body: '{"price":420.5,"quantity":"1","ordertag":"t"}',
      headers: { 'content-type': JSON_TYPE, authorization: 'Bearer b' },
    });
    expect(differences(sdk, ours)).toEqual([
      { at: 'header.authorization', sdk: 'Bearer a', ours: 'Bearer b' },
      { at: 'header.x-usertype', sdk: 'USER', ours: undefined },
      { at: 'json.ordertag', sdk: undefined, ours: '"t"' },
      { at: 'json.price', sdk: '"420.5"', ours: '420.5' },
      { at: 'json.triggerprice', sdk: '"0"', ours: undefined },
      { at: 'method', sdk: 'POST', ours: 'GET' },
      {
        at: 'path',
        sdk: '/rest/secure/angelbroking/order/v1/placeOrder',
        ours: '/rest/secure/angelbroking/order/v1/modifyOrder',
      },
    ]);
  });

  it('tells an empty body, `{}`, `null` and nested token lists apart', () => {
    const quote = (tokens: unknown) =>
      request({ body: JSON.stringify({ mode: 'FULL', exchangeTokens: tokens }) });
    expect(differences(quote({ NSE: ['3045'] }), quote({ NSE: ['3045', '1594'] }))).toEqual([
      { at: 'json.exchangeTokens.NSE[1]', sdk: undefined, ours: '"1594"' },
    ]);
    expect(differences(request({ body: '{}' }), request({ body: undefined }))).toEqual([
      { at: 'json', sdk: '{}', ours: undefined },
    ]);
    expect(differences(request({ body: 'null' }), request({ body: '{}' }))).toEqual([
      { at: 'json', sdk: 'null', ours: '{}' },
    ]);
  });
});
