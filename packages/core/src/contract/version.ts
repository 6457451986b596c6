/**
 * The adapter contract's version. Bumped only on a breaking change to `BrokerPlugin`/`BrokerAdapter`;
 * the loader skips a plugin built for another version instead of failing at call time.
 */
export const CONTRACT_VERSION = 2;
