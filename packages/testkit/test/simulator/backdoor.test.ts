import {
  type InstrumentRef,
  ManualClock,
  NotSupportedError,
  SymbolNotFoundError,
  systemClock,
} from '@openalgo/core';
import { DEFAULT_SANDBOX_START, SandboxEngine, SyntheticMarket } from '@openalgo/sandbox';
import { request } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createSimulatorServer,
  type SimulatorBackdoor,
  type SimulatorServer,
  simulatorBackdoor,
  suiteBackdoorOf,
} from '../../src/simulator/index.js';

let server: SimulatorServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const SBIN: InstrumentRef = { symbol: 'SBIN', exchange: 'NSE' };

async function backdoorOn(clock: ManualClock | typeof systemClock): Promise<SimulatorBackdoor> {
  server = await createSimulatorServer({
    clock,
    routes: [{ method: 'POST', path: '/orders', handler: () => ({ body: { ok: true } }) }],
  });
  const market = new SyntheticMarket({ clock, seed: 42 });
  const engine = new SandboxEngine({ accountId: 'T1', priceSource: market, clock });
  return simulatorBackdoor({
    name: 'the Acme simulator',
    broker: 'acme',
    server,
    clock,
    engine,
    market,
    // The broker's own name for SBIN is `NSE|3045`; everything else is unknown to it.
    sandboxRef: (ref) =>
      ref === 'NSE|3045' || (typeof ref !== 'string' && ref.symbol === 'SBIN' && ref.exchange === 'NSE')
        ? SBIN
        : undefined,
  });
}

describe('simulatorBackdoor', () => {
  it('pins and clears prices by OpenAlgo reference or the broker name, and refuses an unpriced one by name', async () => {
    const backdoor = await backdoorOn(new ManualClock(DEFAULT_SANDBOX_START));
    backdoor.setPrice(SBIN, 812.5);
    expect(backdoor.market.snapshotSync(SBIN).ltp).toBe(812.5);
    backdoor.setPrice('NSE|3045', 813);
    expect(backdoor.market.snapshotSync(SBIN).ltp).toBe(813);
    backdoor.clearPrice('NSE|3045');
    expect(backdoor.market.snapshotSync(SBIN).ltp).not.toBe(813);
    const unknown = () => backdoor.setPrice({ symbol: 'NOPE', exchange: 'NSE' }, 1);
    expect(unknown).toThrow(SymbolNotFoundError);
    expect(unknown).toThrow('NSE:NOPE is not an instrument the Acme simulator prices');
    expect(() => backdoor.clearPrice('BSE|1')).toThrow(
      'BSE|1 is not an instrument the Acme simulator prices',
    );
  });

  it('advances a ManualClock, and says so when the simulator runs on the system clock', async () => {
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const backdoor = await backdoorOn(clock);
    await backdoor.advanceClock(1_500);
    expect(clock.now()).toBe(DEFAULT_SANDBOX_START + 1_500);
    await server?.close();
    const real = await backdoorOn(systemClock);
    await expect(real.advanceClock(1)).rejects.toThrow(NotSupportedError);
  });

  it('expires tokens now or at a given time, and reads and clears the recorded requests', async () => {
    const clock = new ManualClock(DEFAULT_SANDBOX_START);
    const backdoor = await backdoorOn(clock);
    expect(backdoor.faults).toBe(server?.faults);
    backdoor.expireSession(DEFAULT_SANDBOX_START + 60_000);
    expect(backdoor.faults.tokensExpired()).toBe(false);
    await clock.advance(60_000);
    expect(backdoor.faults.tokensExpired()).toBe(true);
    const res = await request(`${server?.url}/orders`, {
      method: 'POST',
      body: '{"a":1}',
      headers: { 'content-type': 'application/json' },
    });
    await res.body.dump();
    expect(backdoor.requests().map((r) => `${r.method} ${r.path}`)).toEqual(['POST /orders']);
    const suite = suiteBackdoorOf(backdoor);
    expect(suite.requests()).toEqual([
      { method: 'POST', path: '/orders', at: DEFAULT_SANDBOX_START + 60_000, body: { a: 1 } },
    ]);
    await suite.setPrice(SBIN, 700);
    expect(backdoor.market.snapshotSync(SBIN).ltp).toBe(700);
    await suite.advanceClock?.(1_000);
    expect(clock.now()).toBe(DEFAULT_SANDBOX_START + 61_000);
    backdoor.clearRequests();
    expect(backdoor.requests()).toEqual([]);
  });
});
