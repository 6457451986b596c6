import type {
  BrokerAdapter,
  BrokerManifest,
  Clock,
  Instrument,
  InstrumentLookup,
  InstrumentRef,
  OrderStatus,
} from '@openalgo/core';

/**
 * The contract between the suite and a broker under test. A broker supplies one of these; the suite
 * calls `setup()` once per check, so every check starts from a fresh, empty simulated account.
 */
export interface ContractHarness {
  /** Shown in the suite's top-level `describe`. */
  name: string;
  /** Gates the checks: capabilities, price types, products and intervals the broker declares. */
  manifest: BrokerManifest;
  /**
   * Instruments the checks trade and quote. Declared on the harness, not per instance, because the
   * suite registers its checks synchronously and skips the NRML checks when there is no future.
   */
  fixtures: HarnessFixtures;
  setup(): Promise<HarnessInstance>;
}

/** Instruments the suite trades and quotes. Only `equity` is required. */
export interface HarnessFixtures {
  /** A liquid cash stock (NSE/BSE) that accepts MARKET, LIMIT and stop orders. */
  equity: InstrumentRef;
  /** A future, used for NRML orders and quotes. NRML checks are skipped without it. */
  future?: InstrumentRef;
  option?: InstrumentRef;
  index?: InstrumentRef;
}

/** The harness's lookup; `all()` (when present) lets the instrument checks compare against it. */
export type HarnessInstruments = InstrumentLookup & { all?(): Iterable<Instrument> };

/** One fresh adapter bound to one fresh simulated account. */
export interface HarnessInstance {
  adapter: BrokerAdapter;
  /** The lookup the adapter was created with (so the suite can resolve rows both ways). */
  instruments: HarnessInstruments;
  /** The clock the adapter was created with; a ManualClock is driven through the back door. */
  clock: Clock;
  backdoor: Backdoor;
  /** Releases sockets, servers and timers. Called after every check, pass or fail. */
  teardown(): Promise<void>;
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
 * One request as the broker received it. HTTP brokers record method and path; in-process brokers
 * record the adapter method name as `path` (method `CALL`).
 */
export interface RawRequest {
  method: string;
  path: string;
  /** Epoch milliseconds on the harness clock. */
  at: number;
  body?: unknown;
}

/** Op names are `BrokerAdapter` method names (`placeOrder`, `getOrders`, `getQuotes`…). */
export type Fault =
  | { kind: 'rateLimit'; op?: string; retryAfterMs: number; count?: number }
  /** The broker commits the operation, then the response never reaches the adapter. */
  | { kind: 'loseResponse'; op: string }
  | { kind: 'serverError'; op?: string; count?: number }
  /** The broker answers with a body the adapter cannot parse. */
  | { kind: 'malformed'; op: string }
  | { kind: 'latency'; ms: number };

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
