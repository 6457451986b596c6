import type { WriteOp } from '../contract/backdoor.js';
import type { CapabilityName } from '../contract/capabilities.js';
import { BrokerUnavailableError, type OpenAlgoError, TimeoutError } from '../errors/openalgo-error.js';

/** Every adapter method the fake answers and records, by name: core's one method list. */
export type FakeMethod = CapabilityName;
/** The methods that change orders: only these can take effect and then lose their response. */
export type FakeWriteMethod = WriteOp;

export interface LoseResponseOptions {
  /** What the caller sees; defaults to an ambiguous TimeoutError (`mayHaveReachedBroker: true`). */
  error?: unknown;
  /** The change is applied but left out of this many following `getOrders` results (book lag). */
  hiddenForLookups?: number;
}

/** What happens to one call, decided before it runs. */
export type Fault =
  | { kind: 'fail'; error: unknown }
  | { kind: 'applyThenFail'; error: unknown; hiddenForLookups: number; rejectReason?: string };

/** Decides, per call, an error to throw (or undefined to let the call through). */
export type FailurePredicate = (method: FakeMethod, args: readonly unknown[]) => unknown;

export function lostResponseError(method: FakeMethod, broker: string): OpenAlgoError {
  return new TimeoutError(`${broker}: ${method} timed out after the request was sent`, {
    broker,
    mayHaveReachedBroker: true,
  });
}

export function unavailableError(method: FakeMethod, broker: string): OpenAlgoError {
  return new BrokerUnavailableError(`${broker}: ${method} failed: broker unavailable`, {
    broker,
    mayHaveReachedBroker: false,
  });
}

/**
 * Programmed misbehaviour. One-shot faults and gates (delays) are queues consumed one entry per call
 * in the order they were queued, so one call can be both held back and made to fail. Standing
 * failures (`always`, `all`, `when`) last until `clear`, for tests that map every error a method can
 * raise; they take precedence over the queue, and `when` over both.
 */
export class FaultPlan {
  private readonly faults = new Map<FakeMethod, Fault[]>();
  private readonly gates = new Map<FakeMethod, PromiseLike<unknown>[]>();
  private readonly standing = new Map<FakeMethod, unknown>();
  private everything: { error: unknown } | undefined;
  private predicate: FailurePredicate | undefined;

  add(method: FakeMethod, fault: Fault): void {
    const queue = this.faults.get(method) ?? [];
    queue.push(fault);
    this.faults.set(method, queue);
  }

  addGate(method: FakeMethod, gate: PromiseLike<unknown>): void {
    const queue = this.gates.get(method) ?? [];
    queue.push(gate);
    this.gates.set(method, queue);
  }

  /** Every call of `method` fails with `error` until `clear`. */
  always(method: FakeMethod, error: unknown): void {
    this.standing.set(method, error);
  }

  /** Every call of every method fails with `error` until `clear`. */
  all(error: unknown): void {
    this.everything = { error };
  }

  when(predicate: FailurePredicate): void {
    this.predicate = predicate;
  }

  /** The standing failure for this call, if any: `when`, then `always`, then `all`. */
  standingFailure(method: FakeMethod, args: readonly unknown[]): { error: unknown } | undefined {
    const decided = this.predicate?.(method, args);
    if (decided !== undefined) return { error: decided };
    if (this.standing.has(method)) return { error: this.standing.get(method) };
    return this.everything;
  }

  takeFault(method: FakeMethod): Fault | undefined {
    return this.faults.get(method)?.shift();
  }

  takeGate(method: FakeMethod): PromiseLike<unknown> | undefined {
    return this.gates.get(method)?.shift();
  }

  /** Faults and gates not yet consumed, so a test can assert its whole plan was used. */
  pending(): { faults: number; gates: number } {
    let faults = 0;
    let gates = 0;
    for (const q of this.faults.values()) faults += q.length;
    for (const q of this.gates.values()) gates += q.length;
    return { faults, gates };
  }

  clear(): void {
    this.faults.clear();
    this.gates.clear();
    this.standing.clear();
    this.everything = undefined;
    this.predicate = undefined;
  }
}
