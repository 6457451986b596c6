import { type BrokerContractSuiteInput, CHECK_GROUPS, contractChecks } from './groups.js';

export {
  type BrokerContractSuiteInput,
  booksChecks,
  CHECK_GROUPS,
  type CheckGroup,
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
} from './groups.js';
export type { SuiteOptions } from './options.js';
export type { CheckFn, DescribeLike, ItLike } from './runner.js';

/**
 * Registers every broker contract check on the caller's runner; the group functions (`ordersChecks`,
 * `booksChecks`…) register one part each, named the same way.
 */
export function brokerContractSuite(input: BrokerContractSuiteInput): void {
  contractChecks(input, CHECK_GROUPS);
}
