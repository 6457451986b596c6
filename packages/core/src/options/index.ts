export * from './black76-greeks.js';
export * from './black76-price.js';
export * from './expiry-time.js';
export * from './implied-volatility.js';
export * from './option-request.js';
export * from './resolve-option-symbol.js';
export * from './strike-ladder.js';
export * from './underlying.js';
