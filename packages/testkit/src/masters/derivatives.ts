import { type Exchange, type ExpiryDate, formatDashedExpiry, formatSymbol } from '@openalgo/core';
import type { DerivativeUnderlying } from './catalogue.js';
import { roundTo } from './equities.js';
import type { MasterInstrument, MasterSegment } from './types.js';

export interface DerivativeFamily {
  exchange: Exchange;
  segment: MasterSegment;
  futureType: string;
  optionType: string;
  underlyings: ReadonlyArray<
    DerivativeUnderlying & { name: string; futureExpiries: ExpiryDate[]; optionExpiries: ExpiryDate[] }
  >;
}

/**
 * Futures first, then option strikes layer by layer from the lowest strike up across every
 * (underlying, expiry) pair, so a budget cut leaves a balanced chain rather than whole missing names.
 * Yields at most `budget` rows.
 */
export function* derivativeRows(
  family: DerivativeFamily,
  budget: number,
  nextToken: () => number,
): Generator<MasterInstrument, number> {
  let emitted = 0;
  for (const u of family.underlyings) {
    for (const expiry of u.futureExpiries) {
      if (emitted >= budget) return emitted;
      yield {
        token: nextToken(),
        kind: 'future',
        segment: family.segment,
        exchange: family.exchange,
        symbol: formatSymbol({ kind: 'future', base: u.base, expiry }),
        underlying: u.base,
        name: u.name,
        expiry: formatDashedExpiry(expiry),
        expiryDate: expiry,
        strike: 0,
        lotSize: u.lotSize,
        tickSize: u.tickSize,
        instrumentType: family.futureType,
        price: u.price,
      };
      emitted++;
    }
  }
  const pairs = family.underlyings.flatMap((u) => u.optionExpiries.map((expiry) => ({ u, expiry })));
  if (pairs.length === 0) return emitted;
  const layers = Math.ceil((budget - emitted) / (pairs.length * 2));
  for (let layer = 0; layer < layers; layer++) {
    for (const { u, expiry } of pairs) {
      const lowest = Math.max(
        u.strikeStep,
        roundTo(u.price - Math.floor(layers / 2) * u.strikeStep, u.strikeStep),
      );
      const strike = roundTo(lowest + layer * u.strikeStep, u.strikeStep);
      for (const optionType of ['CE', 'PE'] as const) {
        if (emitted >= budget) return emitted;
        const intrinsic = optionType === 'CE' ? u.price - strike : strike - u.price;
        yield {
          token: nextToken(),
          kind: 'option',
          segment: family.segment,
          exchange: family.exchange,
          symbol: formatSymbol({ kind: 'option', base: u.base, expiry, strike, optionType }),
          underlying: u.base,
          name: u.name,
          expiry: formatDashedExpiry(expiry),
          expiryDate: expiry,
          strike,
          optionType,
          lotSize: u.lotSize,
          tickSize: u.tickSize,
          instrumentType: family.optionType,
          price: roundTo(Math.max(u.tickSize, intrinsic) + u.price * 0.01, u.tickSize),
        };
        emitted++;
      }
    }
  }
  return emitted;
}
