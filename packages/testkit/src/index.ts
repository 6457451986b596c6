export type {
  Backdoor,
  BackdoorOrder,
  ContractHarness,
  Fault,
  HarnessFixtures,
  HarnessInstance,
  HarnessInstruments,
  RawRequest,
} from './harness.js';
export { type SandboxHarnessOptions, sandboxHarness } from './sandbox-harness.js';
export { ContractCheckError } from './suite/assertions.js';
export {
  type BrokerContractSuiteInput,
  booksChecks,
  brokerContractSuite,
  CHECK_GROUPS,
  type CheckFn,
  type CheckGroup,
  contractChecks,
  type DescribeLike,
  errorChecks,
  fundsChecks,
  gttChecks,
  type ItLike,
  instrumentChecks,
  marketDataChecks,
  orderRuleChecks,
  ordersChecks,
  pnlChecks,
  positionChecks,
  type SuiteOptions,
} from './suite/index.js';
export * from './validators.js';
