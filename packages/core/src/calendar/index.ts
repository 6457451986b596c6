export * from './market-calendar.js';
export { PUBLISHED_HOLIDAYS, PUBLISHED_YEARS } from './published-holidays.js';
export * from './types.js';
