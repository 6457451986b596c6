import type { Endpoint } from './endpoint.js';

// Placeholder: filled in by the options-orders slice (issue 13): optionsorder, optionsmultiorder.
export const OPTION_ORDER_ENDPOINTS: readonly Endpoint[] = [];
