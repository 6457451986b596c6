// Filled in by the fyers adapter work (issue).
export {};
