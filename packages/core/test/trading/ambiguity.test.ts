import { describe, expect, it } from 'vitest';
import type { ErrorCode } from '../../src/errors/codes.js';
import { errorForCode } from '../../src/errors/openalgo-error.js';
import { isAmbiguousOrderFailure } from '../../src/trading/ambiguity.js';

// [code, mayHaveReachedBroker, ambiguous?]
const TABLE: ReadonlyArray<[ErrorCode, boolean | undefined, boolean]> = [
  ['TIMEOUT', undefined, true],
  ['TIMEOUT', true, true],
  ['TIMEOUT', false, true],
  ['ORDER_STATE_UNKNOWN', undefined, true],
  ['ORDER_STATE_UNKNOWN', false, true],
  ['BROKER_UNAVAILABLE', undefined, true],
  ['BROKER_UNAVAILABLE', true, true],
  ['BROKER_UNAVAILABLE', false, false],
  ['NETWORK', undefined, true],
  ['NETWORK', true, true],
  ['NETWORK', false, false],
  ['BROKER_ERROR', true, true],
  ['BROKER_ERROR', undefined, false],
  ['RATE_LIMITED', false, false],
  ['RATE_LIMITED', undefined, false],
  ['RATE_LIMITED', true, true],
  ['INVALID_ORDER', undefined, false],
  ['INSUFFICIENT_FUNDS', undefined, false],
  ['SESSION_EXPIRED', undefined, false],
  ['SYMBOL_NOT_FOUND', undefined, false],
  ['INVALID_REQUEST', undefined, false],
];

describe('isAmbiguousOrderFailure', () => {
  it.each(TABLE)('%s with mayHaveReachedBroker=%s → %s', (code, mayHaveReachedBroker, expected) => {
    const error = errorForCode(code, 'x', mayHaveReachedBroker === undefined ? {} : { mayHaveReachedBroker });
    expect(isAmbiguousOrderFailure(error)).toBe(expected);
  });

  it('treats errors that are not OpenAlgoErrors as ambiguous: nothing proves they stayed local', () => {
    expect(isAmbiguousOrderFailure(new TypeError('cannot read properties of undefined'))).toBe(true);
    expect(isAmbiguousOrderFailure(new DOMException('aborted', 'AbortError'))).toBe(true);
  });
});
