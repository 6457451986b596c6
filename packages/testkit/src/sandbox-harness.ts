import { ManualClock } from '@openalgo/core';
import {
  type CreateSandboxOptions,
  createSandbox,
  DEFAULT_SANDBOX_START,
  SANDBOX_MANIFEST,
} from '@openalgo/sandbox';
import type { ContractHarness } from './harness.js';
import { sandboxFixtures } from './simulator/fixtures.js';

export interface SandboxHarnessOptions {
  /** Epoch ms the ManualClock starts at (default: Monday 5 January 2026, 09:30 IST). */
  start?: number;
  /** Seed of the synthetic market (default 42). */
  seed?: number;
  /** Sandbox plugin configuration (starting capital, leverage…). */
  config?: CreateSandboxOptions['config'];
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
    fixtures: sandboxFixtures({ start, seed }),
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
          requests: () => backdoor.requests(),
          setPrice: async (ref, price) => backdoor.setPrice(ref, price),
          advanceClock: (ms) => backdoor.advanceClock(ms),
          expireSession: async () => backdoor.expireSession(),
          injectFault: (fault) => backdoor.injectFault(fault),
          clearFaults: () => backdoor.clearFaults(),
        },
        teardown: () => sandbox.close(),
      };
    },
  };
}
