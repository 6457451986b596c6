import { describe, expect, it } from 'vitest';
import { BrokerUnavailableError, RateLimitedError, TimeoutError } from '../../src/errors/index.js';
import { isRetryableFailure, parseRetryAfter, retryDelayMs } from '../../src/http/retry.js';

const NOW = Date.UTC(2026, 0, 5, 4, 0, 0);

describe('parseRetryAfter', () => {
  it('reads delta seconds', () => {
    expect(parseRetryAfter('2', NOW)).toBe(2000);
    expect(parseRetryAfter(' 0.5 ', NOW)).toBe(500);
    expect(parseRetryAfter(['3', '9'], NOW)).toBe(3000);
  });

  it('reads an HTTP date relative to now; a past date means now', () => {
    expect(parseRetryAfter(new Date(NOW + 7000).toUTCString(), NOW)).toBe(7000);
    expect(parseRetryAfter(new Date(NOW - 7000).toUTCString(), NOW)).toBe(0);
  });

  it('ignores absent or unparseable values', () => {
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
    expect(parseRetryAfter('', NOW)).toBeUndefined();
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-1', NOW)).toBeUndefined();
  });
});

describe('retryDelayMs', () => {
  const policy = { attempts: 5, baseDelayMs: 100, maxDelayMs: 1000 };

  it('backs off exponentially with jitter between half and all of the step, capped', () => {
    const err = new TimeoutError('t');
    expect(retryDelayMs(err, 1, policy, () => 0)).toBe(50);
    expect(retryDelayMs(err, 1, policy, () => 1)).toBe(100);
    expect(retryDelayMs(err, 3, policy, () => 0)).toBe(200);
    expect(retryDelayMs(err, 3, policy, () => 1)).toBe(400);
    expect(retryDelayMs(err, 10, policy, () => 1)).toBe(1000);
  });

  it("honours the broker's Retry-After within bounds and refuses to wait past them", () => {
    expect(retryDelayMs(new RateLimitedError('r', { retryAfterMs: 700 }), 1, policy, () => 0)).toBe(700);
    expect(
      retryDelayMs(new RateLimitedError('r', { retryAfterMs: 5000 }), 1, policy, () => 0),
    ).toBeUndefined();
  });
});

describe('isRetryableFailure', () => {
  it('retries transient broker and transport failures, but not local rate limits or non-retryable ones', () => {
    expect(isRetryableFailure(new BrokerUnavailableError('x'))).toBe(true);
    expect(isRetryableFailure(new RateLimitedError('x'))).toBe(true);
    expect(isRetryableFailure(new RateLimitedError('x', { details: { source: 'local-rate-limit' } }))).toBe(
      false,
    );
    expect(isRetryableFailure(new TimeoutError('x', { retryable: false }))).toBe(false);
    expect(isRetryableFailure(new Error('x'))).toBe(false);
  });
});
