import type { ContractHarness } from '../harness.js';
import { registerBooksCheck } from './books.js';
import { registerErrorChecks } from './errors.js';
import { registerFundsCheck } from './funds.js';
import { registerGttChecks } from './gtt.js';
import { registerInstrumentChecks } from './instruments.js';
import { registerMarketDataChecks } from './market-data.js';
import { type ResolvedSuiteOptions, resolveOptions, type SuiteOptions } from './options.js';
import { registerOrderRuleChecks } from './order-rules.js';
import { registerOrderTypeChecks } from './order-types.js';
import { registerPnlChecks } from './pnl.js';
import { CheckRegistrar, type DescribeLike, type ItLike } from './runner.js';
import { registerPositionScenarios } from './scenarios.js';

export interface BrokerContractSuiteInput {
  /** The runner's `describe` (vitest, jest, mocha, node:test). */
  describe: DescribeLike;
  /** The runner's `it`/`test`; its `skip` is used for checks that do not apply. */
  it: ItLike;
  harness: ContractHarness;
  options?: SuiteOptions;
}

type Register = (r: CheckRegistrar, harness: ContractHarness, options: ResolvedSuiteOptions) => void;

/** The report sections, in order; each group's checks are listed under one of them. */
const SECTIONS = ['scenarios', 'data', 'errors'] as const;

/** Every check group, in the order the whole suite registers them, with its section. */
const GROUPS = {
  positions: { section: 'scenarios', register: registerPositionScenarios },
  orders: { section: 'scenarios', register: registerOrderTypeChecks },
  books: { section: 'scenarios', register: registerBooksCheck },
  funds: { section: 'scenarios', register: registerFundsCheck },
  pnl: { section: 'scenarios', register: registerPnlChecks },
  orderRules: { section: 'scenarios', register: registerOrderRuleChecks },
  gtt: { section: 'scenarios', register: registerGttChecks },
  marketData: { section: 'data', register: registerMarketDataChecks },
  instruments: { section: 'data', register: registerInstrumentChecks },
  errors: { section: 'errors', register: registerErrorChecks },
} as const satisfies Record<string, { section: (typeof SECTIONS)[number]; register: Register }>;

export type CheckGroup = keyof typeof GROUPS;
export const CHECK_GROUPS: readonly CheckGroup[] = Object.keys(GROUPS) as CheckGroup[];

/**
 * Registers the chosen check groups on the caller's runner, named exactly as in the whole suite
 * (`broker contract: <harness> › <section> › <check>`). Each check sets up a fresh harness instance
 * (a fresh simulated account), runs, and tears it down; checks the manifest rules out are registered
 * as skips whose name says why.
 */
export function contractChecks(input: BrokerContractSuiteInput, groups: readonly CheckGroup[]): void {
  const { harness } = input;
  const options = resolveOptions(input.options);
  const r = new CheckRegistrar(input.describe, input.it);
  const chosen = CHECK_GROUPS.filter((group) => groups.includes(group));
  r.group(`broker contract: ${harness.name}`, () => {
    for (const section of SECTIONS) {
      const inSection = chosen.filter((group) => GROUPS[group].section === section);
      if (inSection.length === 0) continue;
      r.group(section, () => {
        for (const group of inSection) GROUPS[group].register(r, harness, options);
      });
    }
  });
}

// One function per group, so an adapter that is half written can prove the part that is done.
/** Long, close, short and reverse: positions follow MARKET fills. */
export const positionChecks = (input: BrokerContractSuiteInput): void => contractChecks(input, ['positions']);
/** Every declared price type × product, modify and cancel. */
export const ordersChecks = (input: BrokerContractSuiteInput): void => contractChecks(input, ['orders']);
/** Orders, trades and positions tell the same story. */
export const booksChecks = (input: BrokerContractSuiteInput): void => contractChecks(input, ['books']);
/** Funds move with margin used by a position. */
export const fundsChecks = (input: BrokerContractSuiteInput): void => contractChecks(input, ['funds']);
/** P&L signs and m2m follow the price, long and short. */
export const pnlChecks = (input: BrokerContractSuiteInput): void => contractChecks(input, ['pnl']);
/** The order rules the manifest declares (tick size, lot size, circuit limits, trigger side). */
export const orderRuleChecks = (input: BrokerContractSuiteInput): void =>
  contractChecks(input, ['orderRules']);
/** The gtt capability: place, list, modify, cancel, and a GTT firing on a price cross. */
export const gttChecks = (input: BrokerContractSuiteInput): void => contractChecks(input, ['gtt']);
/** Quotes, depth and history. */
export const marketDataChecks = (input: BrokerContractSuiteInput): void =>
  contractChecks(input, ['marketData']);
/** The instrument master parses and resolves both ways. */
export const instrumentChecks = (input: BrokerContractSuiteInput): void =>
  contractChecks(input, ['instruments']);
/** Unknown symbols, expired sessions, rate limits, lost responses and malformed answers. */
export const errorChecks = (input: BrokerContractSuiteInput): void => contractChecks(input, ['errors']);
