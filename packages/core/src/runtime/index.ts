export * from './journaling-adapter.js';
export * from './order-journal.js';
export * from './reconcile-journal.js';
