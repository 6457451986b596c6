import { describe, expect, it } from 'vitest';
import { BrokerError, OrderStateUnknownError } from '../../src/errors/index.js';
import {
  classifyTransportError,
  isAmbiguousWriteFailure,
  type TransportFailureContext,
} from '../../src/http/transport-errors.js';

function codeError(code: string, message = code): Error {
  return Object.assign(new Error(message), { code });
}

const base: TransportFailureContext = {
  broker: 'kite',
  method: 'POST',
  path: '/orders/regular',
  kind: 'write',
  timeoutMs: 200,
  timedOut: false,
  callerAborted: false,
  phase: 'request',
};

describe('classifyTransportError', () => {
  it.each([
    ['ECONNREFUSED'],
    ['ENOTFOUND'],
    ['EAI_AGAIN'],
    ['UND_ERR_CONNECT_TIMEOUT'],
    ['UND_ERR_CLOSED'],
    ['DEPTH_ZERO_SELF_SIGNED_CERT'],
  ])('%s happens before any byte is sent: NETWORK, did not reach the broker, retryable', (code) => {
    const err = classifyTransportError(codeError(code), base);
    expect(err.code).toBe('NETWORK');
    expect(err.mayHaveReachedBroker).toBe(false);
    expect(err.retryable).toBe(true);
    expect(isAmbiguousWriteFailure(err)).toBe(false);
  });

  it('reads the code of a happy-eyeballs AggregateError', () => {
    const aggregate = new AggregateError([codeError('ECONNREFUSED'), codeError('ECONNREFUSED')], 'x');
    expect(classifyTransportError(aggregate, base).mayHaveReachedBroker).toBe(false);
  });

  it.each([['ECONNRESET'], ['UND_ERR_SOCKET'], ['EPIPE'], ['SOMETHING_NEW']])(
    '%s on a write may have reached the broker and must not be retried',
    (code) => {
      const err = classifyTransportError(codeError(code), base);
      expect(err.code).toBe('NETWORK');
      expect(err.mayHaveReachedBroker).toBe(true);
      expect(err.retryable).toBe(false);
      expect(isAmbiguousWriteFailure(err)).toBe(true);
    },
  );

  it('a connect-class code while reading the body still counts as reached (the response had started)', () => {
    const err = classifyTransportError(codeError('ECONNREFUSED'), { ...base, phase: 'body' });
    expect(err.mayHaveReachedBroker).toBe(true);
  });

  it('our deadline firing is TIMEOUT and ambiguous; on a read it stays retryable', () => {
    const reason = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    const write = classifyTransportError(reason, { ...base, timedOut: true });
    expect(write.code).toBe('TIMEOUT');
    expect(write.mayHaveReachedBroker).toBe(true);
    expect(write.retryable).toBe(false);
    expect(write.message).toContain('200 ms');
    const read = classifyTransportError(reason, { ...base, kind: 'read', timedOut: true });
    expect(read.retryable).toBe(true);
  });

  it("undici's own header/body timeouts are TIMEOUT", () => {
    expect(classifyTransportError(codeError('UND_ERR_HEADERS_TIMEOUT'), base).code).toBe('TIMEOUT');
    expect(classifyTransportError(codeError('UND_ERR_BODY_TIMEOUT'), { ...base, phase: 'body' }).code).toBe(
      'TIMEOUT',
    );
  });

  it('a caller abort in flight is not retryable and may have reached the broker', () => {
    const err = classifyTransportError(new DOMException('aborted', 'AbortError'), {
      ...base,
      callerAborted: true,
    });
    expect(err.code).toBe('NETWORK');
    expect(err.retryable).toBe(false);
    expect(err.mayHaveReachedBroker).toBe(true);
  });

  it('undici rejecting the request itself is INVALID_REQUEST, not sent', () => {
    const err = classifyTransportError(codeError('UND_ERR_INVALID_ARG'), base);
    expect(err.code).toBe('INVALID_REQUEST');
    expect(err.mayHaveReachedBroker).toBe(false);
  });
});

describe('isAmbiguousWriteFailure', () => {
  it('is true for ORDER_STATE_UNKNOWN, mayHaveReachedBroker and unknown errors; false for definitive ones', () => {
    expect(isAmbiguousWriteFailure(new OrderStateUnknownError('x'))).toBe(true);
    expect(isAmbiguousWriteFailure(new BrokerError('x', { mayHaveReachedBroker: true }))).toBe(true);
    expect(isAmbiguousWriteFailure(new TypeError('boom'))).toBe(true);
    expect(isAmbiguousWriteFailure(new BrokerError('x', { mayHaveReachedBroker: false }))).toBe(false);
    expect(isAmbiguousWriteFailure(new BrokerError('x'))).toBe(false);
  });
});
