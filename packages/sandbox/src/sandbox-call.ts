import {
  type CallOptions,
  type Clock,
  type Session,
  SessionExpiredError,
  TimeoutError,
  toIstIso,
} from '@openalgo/core';
import type { SandboxHarness, SandboxOp } from './harness-hooks.js';

/** What a sandbox broker call checks around itself: the session, and the testkit's back door. */
export interface SandboxCallContext {
  session: Session;
  clock: Clock;
  /** The testkit's back door (recorded requests, faults, forced expiry); absent in production. */
  harness?: SandboxHarness;
}

/** A session past its expiry (or the back door's forced expiry) is refused as a broker would. */
export function assertSandboxSession({ session, harness, clock }: SandboxCallContext): void {
  const expiresAt = Math.min(session.expiresAt, harness?.expiredAt ?? Number.POSITIVE_INFINITY);
  if (clock.now() >= expiresAt) {
    throw new SessionExpiredError(
      `The sandbox session of ${session.userId} expired at ${toIstIso(expiresAt)}: log in again`,
      { broker: 'sandbox' },
    );
  }
}

/**
 * Runs one broker call: an already-aborted call never reaches the sandbox; with a harness attached,
 * its faults fire first, the session is checked and the request recorded, as a wire broker's would be.
 */
export async function runSandboxCall<T>(
  context: SandboxCallContext,
  op: SandboxOp,
  args: unknown,
  options: CallOptions | undefined,
  run: () => Promise<T>,
): Promise<T> {
  if (options?.signal?.aborted) {
    throw new TimeoutError(`${op} was aborted before it reached the sandbox broker`, {
      broker: 'sandbox',
      mayHaveReachedBroker: false,
      cause: options.signal.reason,
    });
  }
  const harness = context.harness;
  if (!harness) return run();
  await harness.before(op);
  assertSandboxSession(context);
  harness.record(op, args);
  const result = await run();
  harness.after(op);
  return result;
}
