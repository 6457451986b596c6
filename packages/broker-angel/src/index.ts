// Filled in by the angel adapter work (issue).
export {};
