/**
 * Each defect breaks one thing a correct adapter (or, for the order rules, its broker) must get right;
 * the suite must notice every one.
 */
export const DEFECTS = [
  'marketNeverFills',
  'wrongPositionSign',
  'ordersWithoutTag',
  'productIgnored',
  'limitFillsImmediately',
  'stopsReportedOpen',
  'modifyIgnoresPrice',
  'cancelDoesNothing',
  'limitFillsNotReported',
  'tradesDontAddUp',
  'marginNotDeducted',
  'quoteWithoutLtp',
  'bidAboveAsk',
  'quotesOutOfOrder',
  'unsortedDepth',
  'candlesHighBelowLow',
  'invalidInstrumentRows',
  'instrumentsDontResolve',
  'masterMissingRows',
  'callsBrokerBeforeResolving',
  'swallowsSessionExpiry',
  'rateLimitWithoutRetryAfter',
  'duplicatesOnLostResponse',
  'malformedCrashes',
  'pnlSignFlipped',
  'm2mZeroed',
  'holdingPnlSignFlipped',
  'holdingLtpStale',
  // The broker stops enforcing an order rule its manifest declares.
  'tickSizeNotEnforced',
  'lotSizeNotEnforced',
  'circuitNotEnforced',
  'triggerSideNotEnforced',
] as const;

export type Defect = (typeof DEFECTS)[number];
