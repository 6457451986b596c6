export * from './expiry-time.js';
export * from './option-request.js';
export * from './resolve-option-symbol.js';
export * from './strike-ladder.js';
export * from './underlying.js';
