export * from './contract/index.js';
export * from './errors/index.js';
export * from './http/index.js';
export * from './loader/index.js';
export * from './model/index.js';
export * from './symbols/index.js';
export * from './time/index.js';
export * from './trading/index.js';
