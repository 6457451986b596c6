import type { OrderStatus } from '../model/enums.js';
import type { InstrumentRef } from '../model/order.js';
import { ADAPTER_METHODS, CAPABILITY_NAMES, type CapabilityName } from './capabilities.js';

/**
 * What a test broker (the sandbox, a loopback simulator) shows behind the adapter's back, so the
 * contract suite can check what really reached the broker. Defined here, beside the method list,
 * so every test broker implements the one shape directly and the suite needs no translation.
 */

/** The adapter methods a fault can target: every request-answer method (streams are not calls). */
export type FaultOp = {
  [K in CapabilityName]: (typeof ADAPTER_METHODS)[K] extends 'stream' ? never : K;
}[CapabilityName];

/** The methods that change orders: only these can lose a response after committing. */
export type WriteOp = {
  [K in CapabilityName]: (typeof ADAPTER_METHODS)[K] extends 'write' ? K : never;
}[CapabilityName];

export const FAULT_OPS: readonly FaultOp[] = CAPABILITY_NAMES.filter(
  (name): name is FaultOp => ADAPTER_METHODS[name] !== 'stream',
);

/**
 * Failures a test broker can inject. `rateLimit` and `serverError` fire `count` times (default 1);
 * `loseResponse` and `malformed` fire once; `latency` stays until `clearFaults`. Without `op` a
 * fault hits the next call of any operation.
 */
export type Fault =
  /** RATE_LIMITED before anything runs (mayHaveReachedBroker false). */
  | { kind: 'rateLimit'; op?: FaultOp; retryAfterMs: number; count?: number }
  /** The broker commits the operation, then the response never reaches the adapter. */
  | { kind: 'loseResponse'; op: WriteOp }
  /** The broker is unavailable (5xx); nothing runs. */
  | { kind: 'serverError'; op?: FaultOp; count?: number }
  /** The broker answers with a body the adapter cannot parse. */
  | { kind: 'malformed'; op: FaultOp }
  /** Waits `ms` on the broker's clock before answering. */
  | { kind: 'latency'; ms: number; op?: FaultOp };

/**
 * One request as the broker received it. HTTP brokers record method and path; in-process brokers
 * record the adapter method name as `path` (method `CALL`).
 */
export interface RawRequest {
  method: string;
  path: string;
  /** Epoch milliseconds on the broker's clock. */
  at: number;
  body?: unknown;
}

/** An order as the broker itself holds it, read past the adapter. */
export interface BackdoorOrder {
  orderId: string;
  /** The tag the broker stored (the client order id the adapter sent). */
  tag?: string;
  symbol: string;
  exchange: string;
  quantity: number;
  status: OrderStatus | string;
}

/**
 * What the suite may see and do behind the adapter's back. Optional members gate the checks that
 * need them: without `advanceClock` the suite waits on the harness clock instead.
 */
export interface Backdoor {
  /** Orders the broker holds, including the tag each one arrived with. */
  orders(): Promise<BackdoorOrder[]>;
  /** Every request the broker has received so far, oldest first. */
  requests(): RawRequest[];
  /** Sets the instrument's last price (and a tight book around it). */
  setPrice(ref: InstrumentRef, price: number): Promise<void>;
  /** Moves the broker's (and the adapter's) clock forward, letting due work run. */
  advanceClock?(ms: number): Promise<void>;
  /** Makes the broker reject the current session's tokens from now on. */
  expireSession(): Promise<void>;
  injectFault(fault: Fault): void;
  clearFaults(): void;
}
