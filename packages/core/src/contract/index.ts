export * from './adapter.js';
export * from './boundary.js';
export * from './capabilities.js';
export * from './define-broker.js';
export * from './listeners.js';
export * from './manifest.js';
export * from './plugin.js';
export * from './version.js';
