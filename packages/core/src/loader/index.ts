export { findBrokerPackages } from './discover.js';
export { type EntryResult, resolvePackageEntry } from './entry.js';
export { loadBrokers } from './load.js';
export { isBrokerPackageName } from './package-json.js';
export * from './types.js';
