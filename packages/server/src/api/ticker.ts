import type { Endpoint } from './endpoint.js';

// Placeholder: filled in by the slice that owns this group (issue 13).
export const TICKER_ENDPOINTS: readonly Endpoint[] = [];
