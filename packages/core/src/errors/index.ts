export * from './codes.js';
export * from './mapper.js';
export * from './openalgo-error.js';
