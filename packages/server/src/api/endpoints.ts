import { ACCOUNT_ENDPOINTS } from './accounts.js';
import { CALENDAR_ENDPOINTS } from './calendar.js';
import { DATA_ENDPOINTS } from './data.js';
import type { Endpoint } from './endpoint.js';
import { GTT_ENDPOINTS } from './gtt.js';
import { MARGIN_ENDPOINTS } from './margin.js';
import { OPTION_ENDPOINTS } from './options.js';
import { ORDER_INFO_ENDPOINTS } from './order-info.js';
import { ORDER_ENDPOINTS } from './orders.js';
import { STRATEGY_ENDPOINTS } from './strategies.js';
import { SYMBOL_ENDPOINTS } from './symbols.js';
import { TICKER_ENDPOINTS } from './ticker.js';
import { UTILITY_ENDPOINTS } from './utility.js';

/** Every `/api/v1/*` endpoint, in the order the docs list them. */
export const API_ENDPOINTS: readonly Endpoint[] = [
  ...ORDER_ENDPOINTS,
  ...OPTION_ENDPOINTS,
  ...GTT_ENDPOINTS,
  ...ORDER_INFO_ENDPOINTS,
  ...ACCOUNT_ENDPOINTS,
  ...MARGIN_ENDPOINTS,
  ...DATA_ENDPOINTS,
  ...TICKER_ENDPOINTS,
  ...SYMBOL_ENDPOINTS,
  ...CALENDAR_ENDPOINTS,
  ...STRATEGY_ENDPOINTS,
  ...UTILITY_ENDPOINTS,
];
