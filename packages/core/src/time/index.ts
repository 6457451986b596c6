export * from './clock.js';
export * from './ist.js';
