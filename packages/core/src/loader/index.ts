export { findBrokerPackages } from './discover.js';
export { type EntryResult, resolvePackageEntry, resolvePackageExport } from './entry.js';
export { loadBrokers } from './load.js';
export {
  loadSimulator,
  type SimulatorLoadProblem,
  type SimulatorLoadResult,
  type SimulatorPackage,
  simulatorHook,
} from './load-simulator.js';
export { isBrokerPackageName } from './package-json.js';
export * from './simulator-entry.js';
export * from './types.js';
