import { ACCOUNT_ENDPOINTS } from './accounts.js';
import { DATA_ENDPOINTS } from './data.js';
import type { Endpoint } from './endpoint.js';
import { ORDER_INFO_ENDPOINTS } from './order-info.js';
import { ORDER_ENDPOINTS } from './orders.js';
import { SYMBOL_ENDPOINTS } from './symbols.js';
import { UTILITY_ENDPOINTS } from './utility.js';

/** Every `/api/v1/*` endpoint, in the order the docs list them. */
export const API_ENDPOINTS: readonly Endpoint[] = [
  ...ORDER_ENDPOINTS,
  ...ORDER_INFO_ENDPOINTS,
  ...ACCOUNT_ENDPOINTS,
  ...DATA_ENDPOINTS,
  ...SYMBOL_ENDPOINTS,
  ...UTILITY_ENDPOINTS,
];
