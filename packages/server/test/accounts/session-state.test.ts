import { describe, expect, it } from 'vitest';
import { SESSION_STATE_TEXT, sessionState } from '../../src/accounts/account-summaries.js';
import {
  endedSimulatedSpans,
  readSimulatedRuns,
  recordServerStart,
} from '../../src/accounts/simulated-runs.js';
import type { SealedSession } from '../../src/store/types.js';

const sealed = (over: Partial<SealedSession> = {}): SealedSession => ({
  accountId: 'zerodha-1',
  ciphertext: Buffer.alloc(1),
  iv: Buffer.alloc(12),
  tag: Buffer.alloc(16),
  keyId: 'k1',
  expiresAt: 2_000,
  updatedAt: 1_000,
  ...over,
});

describe('sessionState: the one answer to "is this session usable"', () => {
  const context = { keyId: 'k1', now: 1_500, validFrom: undefined };

  it('is none without a session, unreadable under another key, expired from expiresAt on', () => {
    expect(sessionState(undefined, context)).toBe('none');
    expect(sessionState(sealed({ keyId: 'k0' }), context)).toBe('unreadable');
    expect(sessionState(sealed(), context)).toBe('active');
    expect(sessionState(sealed(), { ...context, now: 2_000 })).toBe('expired');
  });

  it('is ended when sealed before this run could use it (a previous simulator issued it), even unexpired', () => {
    expect(sessionState(sealed({ updatedAt: 999 }), { ...context, validFrom: 1_000 })).toBe('ended');
    expect(sessionState(sealed({ updatedAt: 1_000 }), { ...context, validFrom: 1_000 })).toBe('active');
    expect(SESSION_STATE_TEXT.ended).toMatch(/log in again/);
    expect(SESSION_STATE_TEXT.active).toBe('active');
  });
});

describe('simulated runs: a stopped simulator ends the sessions it issued', () => {
  function memorySettings() {
    const map = new Map<string, string>();
    return {
      get: (k: string) => map.get(k),
      set: (k: string, v: string) => void map.set(k, v),
      delete: (k: string) => void map.delete(k),
    };
  }

  it('each server start ends the previous run; a simulating one opens its own', () => {
    const settings = memorySettings();
    recordServerStart(settings, 'zerodha', 100);
    expect(readSimulatedRuns(settings)).toEqual([{ broker: 'zerodha', from: 100 }]);
    recordServerStart(settings, undefined, 200);
    recordServerStart(settings, 'zerodha', 300);
    expect(readSimulatedRuns(settings)).toEqual([
      { broker: 'zerodha', from: 100, to: 200 },
      { broker: 'zerodha', from: 300 },
    ]);
    // The server asking is the open run: only the closed one has ended.
    expect(endedSimulatedSpans(readSimulatedRuns(settings), 'zerodha', true)).toEqual([
      { from: 100, to: 200 },
    ]);
    // No live holder: the open run died with its server, and everything it sealed after 300 is gone.
    expect(endedSimulatedSpans(readSimulatedRuns(settings), 'zerodha', false)).toEqual([
      { from: 100, to: 200 },
      { from: 300, to: Number.POSITIVE_INFINITY },
    ]);
    expect(endedSimulatedSpans(readSimulatedRuns(settings), 'angel', false)).toEqual([]);
  });

  it('reads a damaged record as no runs rather than failing', () => {
    const settings = memorySettings();
    settings.set('simulated_runs', '{not json');
    expect(readSimulatedRuns(settings)).toEqual([]);
    settings.set(
      'simulated_runs',
      JSON.stringify([
        { broker: 'zerodha', from: 'x' },
        { broker: 'angel', from: 5 },
      ]),
    );
    expect(readSimulatedRuns(settings)).toEqual([{ broker: 'angel', from: 5 }]);
  });

  it('a session sealed inside an ended span reads ended; one sealed outside it keeps its state', () => {
    const context = { keyId: 'k1', now: 1_500, validFrom: undefined, endedSpans: [{ from: 900, to: 1_100 }] };
    expect(sessionState(sealed({ updatedAt: 1_000 }), context)).toBe('ended');
    expect(sessionState(sealed({ updatedAt: 1_100 }), context)).toBe('active');
    expect(sessionState(sealed({ updatedAt: 800 }), context)).toBe('active');
  });
});
