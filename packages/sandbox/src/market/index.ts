export type { Session as MarketSession } from './calendar.js';
export { COMMODITY_SESSION, CURRENCY_SESSION, EQUITY_SESSION, sessionForExchange } from './calendar.js';
export { type CircuitBand, circuitBandOf, deriveCircuitBand } from './circuit.js';
export { LivePriceSource, type LivePriceSourceOptions } from './live-price-source.js';
export type { MarketSnapshot, PriceListener, PriceSource } from './price-source.js';
export { formatStrike, futureSymbol, optionSymbol } from './symbols.js';
export { MAX_CANDLES, MAX_SIMULATED_STEPS } from './synthetic-history.js';
export { SyntheticMarket, type SyntheticMarketOptions } from './synthetic-market.js';
export { generateUniverse, type UniverseOptions } from './universe.js';
