import type { ContractHarness } from '../harness.js';
import { registerBooksCheck } from './books.js';
import { registerErrorChecks } from './errors.js';
import { registerFundsCheck } from './funds.js';
import { registerInstrumentChecks } from './instruments.js';
import { registerMarketDataChecks } from './market-data.js';
import { resolveOptions, type SuiteOptions } from './options.js';
import { registerOrderTypeChecks } from './order-types.js';
import { CheckRegistrar, type DescribeLike, type ItLike } from './runner.js';
import { registerPositionScenarios } from './scenarios.js';

export type { SuiteOptions } from './options.js';
export type { CheckFn, DescribeLike, ItLike } from './runner.js';

export interface BrokerContractSuiteInput {
  /** The runner's `describe` (vitest, jest, mocha, node:test). */
  describe: DescribeLike;
  /** The runner's `it`/`test`; its `skip` is used for checks that do not apply. */
  it: ItLike;
  harness: ContractHarness;
  options?: SuiteOptions;
}

/**
 * Registers the broker contract checks on the caller's runner. Each check sets up a fresh harness
 * instance (a fresh simulated account), runs, and tears it down. Checks the manifest rules out are
 * registered as skips whose name says why.
 */
export function brokerContractSuite(input: BrokerContractSuiteInput): void {
  const { harness } = input;
  const options = resolveOptions(input.options);
  const r = new CheckRegistrar(input.describe, input.it);
  r.group(`broker contract: ${harness.name}`, () => {
    r.group('scenarios', () => {
      registerPositionScenarios(r, harness, options);
      registerOrderTypeChecks(r, harness, options);
      registerBooksCheck(r, harness, options);
      registerFundsCheck(r, harness, options);
    });
    r.group('data', () => {
      registerMarketDataChecks(r, harness, options);
      registerInstrumentChecks(r, harness, options);
    });
    r.group('errors', () => {
      registerErrorChecks(r, harness, options);
    });
  });
}
