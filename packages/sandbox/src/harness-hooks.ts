import {
  BrokerError,
  BrokerUnavailableError,
  type Clock,
  FAULT_OPS,
  type Fault,
  type FaultOp,
  RateLimitedError,
  type RawRequest,
  TimeoutError,
  type WriteOp,
} from '@openalgo/core';

/** The adapter operations a fault can target: core's list, shared by every test broker. */
export const SANDBOX_OPS = FAULT_OPS;
export type SandboxOp = FaultOp;
export type { WriteOp };

/** The suite's faults, exactly: the sandbox implements core's `Fault` with no translation. */
export type SandboxFault = Fault;

/**
 * A call that reached the (simulated) broker, i.e. was executed: core's `RawRequest` (method `CALL`,
 * the adapter method as `path`, its arguments as `body`), also under the sandbox's own names.
 */
export interface RecordedRequest extends RawRequest {
  method: 'CALL';
  path: SandboxOp;
  op: SandboxOp;
  args: unknown;
}

interface ActiveFault {
  fault: SandboxFault;
  remaining: number;
}

function copyArgs(args: unknown): unknown {
  try {
    return structuredClone(args);
  } catch {
    return args;
  }
}

/**
 * The back door's side of the adapter: recorded requests, injected faults and a forced session
 * expiry. The adapter calls `before` (faults that stop a call), `record` (the call is executed),
 * then `after` (faults that hit the response).
 */
export class SandboxHarness {
  private faults: ActiveFault[] = [];
  private readonly log: RecordedRequest[] = [];
  /** Set by `expireSession`: the session counts as expired from this instant. */
  expiredAt: number | undefined;

  constructor(private readonly clock: Clock) {}

  inject(fault: SandboxFault): void {
    const remaining = fault.kind === 'rateLimit' || fault.kind === 'serverError' ? (fault.count ?? 1) : 1;
    this.faults.push({ fault, remaining });
  }

  clear(): void {
    this.faults = [];
  }

  expireSession(): void {
    this.expiredAt = this.clock.now();
  }

  requests(): RecordedRequest[] {
    return this.log.map((r) => {
      const args = copyArgs(r.args);
      return { ...r, args, body: args };
    });
  }

  private take(op: SandboxOp, kinds: ReadonlySet<SandboxFault['kind']>): SandboxFault | undefined {
    const active = this.faults.find(
      (a) => kinds.has(a.fault.kind) && (a.fault.op === undefined || a.fault.op === op),
    );
    if (!active) return undefined;
    active.remaining -= 1;
    if (active.remaining <= 0) this.faults = this.faults.filter((a) => a !== active);
    return active.fault;
  }

  async before(op: SandboxOp): Promise<void> {
    for (const { fault } of this.faults) {
      if (fault.kind === 'latency' && (fault.op === undefined || fault.op === op))
        await this.clock.sleep(fault.ms);
    }
    const fault = this.take(op, STOPPING_KINDS);
    if (!fault) return;
    switch (fault.kind) {
      case 'rateLimit':
        throw new RateLimitedError(
          `Too many requests: ${op} is rate limited, retry after ${fault.retryAfterMs} ms`,
          {
            broker: 'sandbox',
            retryAfterMs: fault.retryAfterMs,
            mayHaveReachedBroker: false,
            raw: { status: 429, message: 'Too many requests' },
          },
        );
      case 'serverError':
        throw new BrokerUnavailableError(`The sandbox broker is unavailable (HTTP 503) for ${op}`, {
          broker: 'sandbox',
          mayHaveReachedBroker: false,
          raw: { status: 503, message: 'Service Unavailable' },
        });
      default:
        throw new BrokerError(`malformed response from the sandbox broker for ${op}`, {
          broker: 'sandbox',
          raw: { status: 200, message: 'malformed response' },
        });
    }
  }

  record(op: SandboxOp, args: unknown): void {
    const copy = copyArgs(args);
    this.log.push({ method: 'CALL', path: op, op, args: copy, body: copy, at: this.clock.now() });
  }

  after(op: SandboxOp): void {
    if (!this.take(op, LOSE_RESPONSE)) return;
    throw new TimeoutError(`The response to ${op} was lost: the sandbox broker may have executed it`, {
      broker: 'sandbox',
      mayHaveReachedBroker: true,
    });
  }
}

const STOPPING_KINDS: ReadonlySet<SandboxFault['kind']> = new Set(['rateLimit', 'serverError', 'malformed']);
const LOSE_RESPONSE: ReadonlySet<SandboxFault['kind']> = new Set(['loseResponse']);
