import {
  compareExpiryDates,
  type Instrument,
  type InstrumentRef,
  ManualClock,
  tryParseExpiry,
} from '@openalgo/core';
import {
  type CreateSandboxOptions,
  createSandbox,
  DEFAULT_SANDBOX_START,
  generateUniverse,
  SANDBOX_MANIFEST,
  SANDBOX_OPS,
  type SandboxFault,
} from '@openalgo/sandbox';
import type { ContractHarness, Fault, HarnessFixtures } from './harness.js';

export interface SandboxHarnessOptions {
  /** Epoch ms the ManualClock starts at (default: Monday 5 January 2026, 09:30 IST). */
  start?: number;
  /** Seed of the synthetic market (default 42). */
  seed?: number;
  /** Sandbox plugin configuration (starting capital, leverage…). */
  config?: CreateSandboxOptions['config'];
}

const REF = (row: Instrument): InstrumentRef => ({ symbol: row.symbol, exchange: row.exchange });

/** Cash SBIN, the nearest NIFTY future, a middle-strike call of the nearest expiry, and the NIFTY index. */
function chooseFixtures(universe: readonly Instrument[]): HarnessFixtures {
  const equity =
    universe.find((r) => r.exchange === 'NSE' && r.symbol === 'SBIN') ??
    universe.find((r) => r.exchange === 'NSE');
  if (!equity) throw new Error('the sandbox universe has no NSE equity to trade');
  const future = universe
    .filter((r) => r.exchange === 'NFO' && r.name === 'NIFTY' && r.symbol.endsWith('FUT'))
    .sort(byExpiry)[0];
  const calls = universe
    .filter((r) => r.exchange === 'NFO' && r.name === 'NIFTY' && r.symbol.endsWith('CE'))
    .sort(byExpiry);
  const nearest = calls.filter((r) => r.expiry === calls[0]?.expiry).sort((a, b) => a.strike - b.strike);
  const option = nearest[Math.floor(nearest.length / 2)];
  const index = universe.find((r) => r.exchange === 'NSE_INDEX' && r.symbol === 'NIFTY');
  return {
    equity: REF(equity),
    ...(future ? { future: REF(future) } : {}),
    ...(option ? { option: REF(option) } : {}),
    ...(index ? { index: REF(index) } : {}),
  };
}

/** Orders instruments by expiry date; rows without a parsable expiry sort last. */
function byExpiry(a: Instrument, b: Instrument): number {
  const ea = tryParseExpiry(a.expiry);
  const eb = tryParseExpiry(b.expiry);
  if (!ea || !eb) return ea ? -1 : eb ? 1 : 0;
  return compareExpiryDates(ea, eb);
}

const SANDBOX_OP_NAMES: ReadonlySet<string> = new Set(SANDBOX_OPS);

/** The suite's fault union names ops as strings; the sandbox's names them as its own op type. */
function toSandboxFault(fault: Fault): SandboxFault {
  if ('op' in fault && fault.op !== undefined && !SANDBOX_OP_NAMES.has(fault.op)) {
    throw new RangeError(`the sandbox has no operation ${fault.op}`);
  }
  return fault as SandboxFault;
}

/**
 * The contract harness for the sandbox broker: each instance is a fresh sandbox account on its own
 * ManualClock over the seeded synthetic market. Reusable by the server's tests and anyone who wants
 * a known-good broker to compare against.
 */
export function sandboxHarness(options: SandboxHarnessOptions = {}): ContractHarness {
  const start = options.start ?? DEFAULT_SANDBOX_START;
  const seed = options.seed ?? 42;
  return {
    name: 'sandbox',
    manifest: SANDBOX_MANIFEST,
    fixtures: chooseFixtures(generateUniverse({ asOf: start, seed })),
    async setup() {
      const clock = new ManualClock(start);
      const sandbox = await createSandbox({
        clock,
        seed,
        ...(options.config ? { config: options.config } : {}),
      });
      const { backdoor } = sandbox;
      return {
        adapter: sandbox.adapter,
        instruments: {
          get: (symbol, exchange) => sandbox.instruments.get(symbol, exchange),
          getByToken: (brexchange, token) => sandbox.instruments.getByToken(brexchange, token),
          resolve: (symbol, exchange) => sandbox.instruments.resolve(symbol, exchange),
          all: () => sandbox.instruments.rows(),
        },
        clock,
        backdoor: {
          orders: async () =>
            backdoor.orders().map((o) => ({
              orderId: o.orderId,
              ...(o.clientOrderId !== undefined ? { tag: o.clientOrderId } : {}),
              symbol: o.symbol,
              exchange: o.exchange,
              quantity: o.quantity,
              status: o.status,
            })),
          requests: () =>
            backdoor.requests().map((r) => ({ method: 'CALL', path: r.op, at: r.at, body: r.args })),
          setPrice: async (ref, price) => backdoor.setPrice(ref, price),
          advanceClock: (ms) => backdoor.advanceClock(ms),
          expireSession: async () => backdoor.expireSession(),
          injectFault: (fault) => backdoor.injectFault(toSandboxFault(fault)),
          clearFaults: () => backdoor.clearFaults(),
        },
        teardown: () => sandbox.close(),
      };
    },
  };
}
