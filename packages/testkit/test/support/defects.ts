/** Each defect breaks one thing a correct adapter must get right; the suite must notice every one. */
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
] as const;

export type Defect = (typeof DEFECTS)[number];
