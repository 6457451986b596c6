import type {
  Backdoor,
  BrokerAdapter,
  BrokerManifest,
  Clock,
  Instrument,
  InstrumentLookup,
  InstrumentRef,
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

/**
 * The back door, fault and raw-request shapes live in core beside the adapter method list, so the
 * sandbox and every simulator implement them directly; re-exported here for harness authors.
 */
export type { Backdoor, BackdoorOrder, Fault, FaultOp, RawRequest, WriteOp } from '@openalgo/core';
