export * from './enums.js';
export * from './instrument.js';
export * from './market.js';
export * from './numbers.js';
export * from './order.js';
export * from './portfolio.js';
export * from './session.js';
export * from './validation.js';
