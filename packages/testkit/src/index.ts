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
  brokerContractSuite,
  type CheckFn,
  type DescribeLike,
  type ItLike,
  type SuiteOptions,
} from './suite/index.js';
export * from './validators.js';
