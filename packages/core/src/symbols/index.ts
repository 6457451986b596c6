export * from './expiry.js';
export * from './grammar.js';
export * from './instrument-cache.js';
export * from './instrument-index.js';
export type { SearchOptions } from './instrument-search.js';
export { instrumentRowProblem } from './instrument-validation.js';
export * from './load-instruments.js';
export { formatStrike } from './strike.js';
export * from './trading-day.js';
