import type { Endpoint } from './endpoint.js';

// Placeholder: filled in by the slice that owns this group (issue 13).
export const MARGIN_ENDPOINTS: readonly Endpoint[] = [];
