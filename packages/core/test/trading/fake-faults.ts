import { BrokerUnavailableError, type OpenAlgoError, TimeoutError } from '../../src/errors/openalgo-error.js';

/** Every BrokerAdapter method the fake records, by name. */
export const FAKE_METHODS = [
  'placeOrder',
  'modifyOrder',
  'cancelOrder',
  'getOrders',
  'getOrder',
  'getTrades',
  'getPositions',
  'getHoldings',
  'getFunds',
  'getQuotes',
  'getDepth',
  'getHistory',
  'downloadInstruments',
] as const;
export type FakeMethod = (typeof FAKE_METHODS)[number];
export type FakeWriteMethod = 'placeOrder' | 'modifyOrder' | 'cancelOrder';

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

export function lostResponseError(method: FakeMethod): OpenAlgoError {
  return new TimeoutError(`fake: ${method} timed out after the request was sent`, {
    broker: 'fake',
    mayHaveReachedBroker: true,
  });
}

export function unavailableError(method: FakeMethod): OpenAlgoError {
  return new BrokerUnavailableError(`fake: ${method} failed: broker unavailable`, {
    broker: 'fake',
    mayHaveReachedBroker: false,
  });
}

/**
 * Programmed misbehaviour, consumed one entry per call in the order it was queued. Gates (delays)
 * and faults are separate queues, so one call can be both held back and made to fail.
 */
export class FaultPlan {
  private readonly faults = new Map<FakeMethod, Fault[]>();
  private readonly gates = new Map<FakeMethod, PromiseLike<unknown>[]>();

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
}
