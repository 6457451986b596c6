import type { Endpoint } from './endpoint.js';
import { OPTION_ORDER_ENDPOINTS } from './options-orders.js';

// Placeholder: filled in by the options-analytics slice (issue 13).
export const OPTION_ENDPOINTS: readonly Endpoint[] = [...OPTION_ORDER_ENDPOINTS];
