import { BrokerManifestSchema, ManualClock } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import {
  booksChecks,
  brokerContractSuite,
  CHECK_GROUPS,
  type ContractHarness,
  contractChecks,
  errorChecks,
  fundsChecks,
  gttChecks,
  instrumentChecks,
  marketDataChecks,
  orderRuleChecks,
  ordersChecks,
  pnlChecks,
  positionChecks,
} from '../src/index.js';
import { TimeDriver } from '../src/suite/time-driver.js';
import { collectingRunner, runCheck } from './support/collect.js';
import { fakeHarness } from './support/fake-harness.js';
import { FAKE_MANIFEST } from './support/fake-manifest.js';

const reduced = BrokerManifestSchema.parse({
  ...FAKE_MANIFEST,
  capabilities: { ...FAKE_MANIFEST.capabilities, getDepth: false, modifyOrder: false, getHistory: false },
  products: ['CNC'],
  intervals: {},
});

function register(harness: ContractHarness, withSkip: boolean) {
  const runner = collectingRunner({ withSkip });
  brokerContractSuite({ describe: runner.describe, it: runner.it, harness });
  return runner.checks;
}

describe('checks the manifest rules out', () => {
  it('are registered through it.skip with the reason in the name, and the rest still pass', async () => {
    const harness = fakeHarness([], reduced);
    const checks = register(harness, true);
    const skipped = checks.filter((c) => c.skipped).map((c) => c.name.split(' › ').pop());
    expect(skipped).toEqual(
      expect.arrayContaining([
        'short from zero: a MARKET SELL leaves −q (skipped: the manifest has no MIS product, and delivery (CNC) cannot be sold short)',
        'modify: a resting LIMIT takes the new price and quantity (skipped: the manifest does not declare modifyOrder)',
        'depth: SBIN NSE has both sides, best first (skipped: the manifest does not declare getDepth)',
        'history (skipped: the manifest declares no intervals)',
        'unknown symbol: getDepth fails with SYMBOL_NOT_FOUND before any request leaves (skipped: the manifest does not declare getDepth)',
      ]),
    );
    expect(checks.some((c) => / (MIS|NRML): /.test(c.name))).toBe(false);
    const outcomes = await Promise.all(checks.filter((c) => !c.skipped).map(runCheck));
    expect(outcomes.filter((o) => !o.passed).map((o) => `${o.name}: ${String(o.error)}`)).toEqual([]);
    expect(outcomes.length).toBeGreaterThan(20);
  });

  it('become trivially passing tests named "(skipped: …)" on a runner without it.skip', async () => {
    const harness = fakeHarness([], reduced);
    const checks = register(harness, false);
    const skips = checks.filter((c) => c.name.includes('(skipped: '));
    expect(skips.length).toBeGreaterThan(5);
    expect(skips.every((c) => !c.skipped)).toBe(true);
    for (const skip of skips) await skip.fn();
    expect(harness.instances).toHaveLength(0);
  });

  it('skip NRML when the harness has no future fixture', () => {
    const harness = { ...fakeHarness(), fixtures: { equity: { symbol: 'SBIN', exchange: 'NSE' as const } } };
    const names = register(harness, true)
      .filter((c) => c.skipped)
      .map((c) => c.name);
    expect(names).toContain(
      'broker contract: fake › scenarios › MARKET NRML: a BUY completes with the product and type it was sent with (skipped: the harness has no future fixture for NRML)',
    );
    expect(names.filter((n) => n.includes('NRML'))).toHaveLength(4);
  });
});

describe('each check', () => {
  it('gets a fresh instance and tears it down, pass or fail', async () => {
    const base = fakeHarness();
    let setups = 0;
    let teardowns = 0;
    const harness: ContractHarness = {
      ...base,
      async setup() {
        setups++;
        const instance = await base.setup();
        return { ...instance, teardown: async () => void teardowns++ };
      },
    };
    const checks = register(harness, true).slice(0, 3);
    await Promise.all(checks.map(runCheck));
    expect([setups, teardowns]).toEqual([3, 3]);
    const failing = register(
      { ...harness, manifest: FAKE_MANIFEST, fixtures: { equity: { symbol: 'NOPE', exchange: 'NSE' } } },
      true,
    )[0];
    const outcome = await runCheck(failing as (typeof checks)[number]);
    expect(outcome.passed).toBe(false);
    expect([setups, teardowns]).toEqual([4, 4]);
  });

  it('reports its own failure even when teardown also fails', async () => {
    const base = fakeHarness();
    const harness: ContractHarness = {
      ...base,
      fixtures: { equity: { symbol: 'NOPE', exchange: 'NSE' } },
      async setup() {
        const instance = await base.setup();
        return {
          ...instance,
          teardown: async () => {
            throw new Error('teardown broke');
          },
        };
      },
    };
    const [first] = register(harness, true);
    const outcome = await runCheck(first as NonNullable<typeof first>);
    expect(String(outcome.error)).toContain('fixture NOPE NSE is not in the harness');
  });
});

describe('TimeDriver', () => {
  const backdoor = {
    orders: async () => [],
    requests: () => [],
    setPrice: async () => {},
    expireSession: async () => {},
    injectFault: () => {},
    clearFaults: () => {},
  };

  it('advances a manual clock while a call sleeps, so a reconcile loop cannot hang', async () => {
    const clock = new ManualClock(0);
    const driver = new TimeDriver(clock, backdoor);
    const slept = driver.settle(clock.sleep(5000).then(() => clock.now()));
    await expect(slept).resolves.toBeGreaterThanOrEqual(5000);
    expect(clock.now()).toBeLessThan(5000 + 1000);
  });

  it('leaves the clock alone when nothing sleeps', async () => {
    const clock = new ManualClock(0);
    const driver = new TimeDriver(clock, backdoor);
    await expect(driver.settle(Promise.resolve('done'))).resolves.toBe('done');
    expect(clock.now()).toBe(0);
  });

  it('uses the back door to move time when it can', async () => {
    const clock = new ManualClock(0);
    const moved: number[] = [];
    const driver = new TimeDriver(clock, { ...backdoor, advanceClock: async (ms) => void moved.push(ms) });
    await driver.pause(1500);
    expect(moved).toEqual([1500]);
    expect(clock.now()).toBe(0);
  });
});

describe('check groups', () => {
  /** Orders and books written, market data and the master not yet: what a half-finished adapter declares. */
  const halfDone = BrokerManifestSchema.parse({
    ...FAKE_MANIFEST,
    capabilities: {
      placeOrder: true,
      cancelOrder: true,
      getOrders: true,
      getOrder: true,
      getTrades: true,
      getPositions: true,
    },
  });

  it('run alone: only the group is registered, named as in the whole suite, and it passes', async () => {
    const base = fakeHarness([], halfDone);
    const unwritten = new Set(['getQuotes', 'getDepth', 'getHistory', 'downloadInstruments', 'getFunds']);
    const harness: ContractHarness = {
      ...base,
      async setup() {
        const instance = await base.setup();
        const stubs = Object.fromEntries(
          [...unwritten].map((name) => [
            name,
            () => {
              throw new Error(`${name} is not written yet`);
            },
          ]),
        );
        const adapter = { ...instance.adapter, ...stubs };
        return { ...instance, adapter };
      },
    };
    const runner = collectingRunner({ withSkip: true });
    booksChecks({ describe: runner.describe, it: runner.it, harness });
    expect(runner.checks.map((c) => c.name)).toEqual([
      'broker contract: fake › scenarios › books agree: orders, trades and positions tell the same story',
    ]);
    const outcomes = await Promise.all(runner.checks.map(runCheck));
    expect(outcomes.map((o) => `${o.name}: ${o.passed ? 'passed' : String(o.error)}`)).toEqual([
      'broker contract: fake › scenarios › books agree: orders, trades and positions tell the same story: passed',
    ]);
  });

  it('together make up the whole suite, in the same order', () => {
    const whole = collectingRunner({ withSkip: true });
    brokerContractSuite({ describe: whole.describe, it: whole.it, harness: fakeHarness() });
    const parts = collectingRunner({ withSkip: true });
    for (const register of [
      positionChecks,
      ordersChecks,
      booksChecks,
      fundsChecks,
      pnlChecks,
      orderRuleChecks,
      gttChecks,
      marketDataChecks,
      instrumentChecks,
      errorChecks,
    ]) {
      register({ describe: parts.describe, it: parts.it, harness: fakeHarness() });
    }
    expect(parts.checks.map((c) => c.name)).toEqual(whole.checks.map((c) => c.name));
    const grouped = collectingRunner({ withSkip: true });
    contractChecks({ describe: grouped.describe, it: grouped.it, harness: fakeHarness() }, CHECK_GROUPS);
    expect(grouped.checks.map((c) => c.name)).toEqual(whole.checks.map((c) => c.name));
  });
});
