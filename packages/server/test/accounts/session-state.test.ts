import { describe, expect, it } from 'vitest';
import { SESSION_STATE_TEXT, sessionState } from '../../src/accounts/account-summaries.js';
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
