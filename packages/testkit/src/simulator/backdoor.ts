import {
  type Backdoor,
  type Clock,
  type InstrumentRef,
  ManualClock,
  NotSupportedError,
  SymbolNotFoundError,
} from '@openalgo/core';
import type { SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import type { FaultController } from './faults.js';
import type { SimulatorRequest } from './router.js';
import type { SimulatorServer } from './server.js';

/**
 * What every broker simulator's back door offers whatever the broker: the recorded requests, pinned
 * prices, the clock, session expiry and the kit's faults. A broker's back door extends it with its own
 * orders view, sessions and sockets.
 */
export interface SimulatorBackdoor {
  /** Every request received so far, oldest first, headers included. */
  requests(): readonly SimulatorRequest[];
  clearRequests(): void;
  /** Pins a price: an OpenAlgo reference (`{symbol:'SBIN', exchange:'NSE'}`) or the broker's own name for it. */
  setPrice(ref: InstrumentRef | string, price: number): void;
  clearPrice(ref: InstrumentRef | string): void;
  /** Moves a ManualClock forward (time-based work and price steps run on the way). */
  advanceClock(ms: number): Promise<void>;
  /** Every token issued so far stops working at `atMs` (default: now). A new login works again. */
  expireSession(atMs?: number): void;
  /** The kit's faults: latency, 429 bursts, 5xx, reset after commit, malformed and slow bodies. */
  readonly faults: FaultController;
  readonly engine: SandboxEngine;
  readonly market: SyntheticMarket;
}

export interface SimulatorBackdoorParts {
  /** Names the simulator in errors, e.g. `the Kite simulator`. */
  name: string;
  /** The broker id an unknown instrument's error carries. */
  broker: string;
  server: SimulatorServer;
  clock: Clock;
  engine: SandboxEngine;
  market: SyntheticMarket;
  /** The sandbox instrument behind an OpenAlgo reference or the broker's own name; undefined if none is priced. */
  sandboxRef(ref: InstrumentRef | string): InstrumentRef | undefined;
}

/** The broker-independent half of a simulator's back door; an instrument it does not price is an error. */
export function simulatorBackdoor(parts: SimulatorBackdoorParts): SimulatorBackdoor {
  const { server, clock, market } = parts;
  const priced = (ref: InstrumentRef | string): InstrumentRef => {
    const sandbox = parts.sandboxRef(ref);
    if (sandbox) return sandbox;
    const name = typeof ref === 'string' ? ref : `${ref.exchange}:${ref.symbol}`;
    throw new SymbolNotFoundError(`${name} is not an instrument ${parts.name} prices`, {
      broker: parts.broker,
      field: 'symbol',
    });
  };
  return {
    requests: () => server.requests,
    clearRequests: () => server.clearRequests(),
    setPrice: (ref, price) => market.setPrice(priced(ref), price),
    clearPrice: (ref) => market.clearPrice(priced(ref)),
    async advanceClock(ms) {
      if (!(clock instanceof ManualClock)) {
        throw new NotSupportedError('advanceClock needs the simulator to run on a ManualClock');
      }
      await clock.advance(ms);
    },
    expireSession(atMs) {
      server.faults.expireTokensAt(atMs ?? clock.now());
    },
    faults: server.faults,
    engine: parts.engine,
    market,
  };
}

/** The suite's back-door methods that every simulator answers the same way (orders are the broker's). */
export function suiteBackdoorOf(
  backdoor: SimulatorBackdoor,
): Pick<Backdoor, 'requests' | 'setPrice' | 'advanceClock' | 'expireSession'> {
  return {
    requests: () =>
      backdoor.requests().map((r) => ({ method: r.method, path: r.path, at: r.at, body: r.body })),
    setPrice: async (ref, price) => backdoor.setPrice(ref, price),
    advanceClock: (ms) => backdoor.advanceClock(ms),
    expireSession: async () => backdoor.expireSession(),
  };
}
