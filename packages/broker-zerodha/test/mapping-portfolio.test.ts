import { FundsSchema, HoldingSchema, PositionSchema } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { KiteHoldingSchema, KiteMarginsSchema, KitePositionsSchema } from '../src/mapping/kite-types.js';
import { mapFunds, mapHolding, mapPosition } from '../src/mapping/portfolio.js';
import { fixtureData, testSymbols } from './helpers.js';

describe('positions mapping (positions.json, net view)', () => {
  const logger = new RecordingLogger();
  const symbols = testSymbols(logger);
  const data = KitePositionsSchema.parse(fixtureData('positions.json'));
  const mapped = data.net.map((p) => mapPosition(p, symbols));

  it('maps each net position to a valid unified Position', () => {
    expect(mapped).toHaveLength(3);
    for (const position of mapped) expect(PositionSchema.parse(position)).toEqual(position);
  });

  it('keeps the signed quantity, prices and P&L', () => {
    expect(mapped[0]).toMatchObject({
      exchange: 'MCX',
      product: 'NRML',
      quantity: 1,
      averagePrice: 161.05,
      ltp: 161.05,
      pnl: 0,
      buyQuantity: 1,
      sellQuantity: 0,
      buyAverage: 161.05,
    });
    expect(mapped[1]).toMatchObject({
      quantity: 0,
      pnl: 801,
      realisedPnl: 0,
      unrealisedPnl: 801,
      buyQuantity: 4,
      sellQuantity: 4,
      buyAverage: 23139.75,
      sellAverage: 23340,
    });
  });

  it('a cover-order (CO) position is intraday, so it maps to MIS with CO kept in raw', () => {
    expect(mapped[2]).toMatchObject({ symbol: 'SBIN', exchange: 'NSE', product: 'MIS', pnl: -2 });
    expect(mapped[2]?.raw).toMatchObject({ product: 'CO' });
  });

  it('a derivative missing from the master keeps its Kite symbol and warns once (not dropped)', () => {
    expect(mapped[0]?.symbol).toBe('LEADMINI17DECFUT');
    const warnings = logger.records.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(2);
    expect(warnings[0]?.fields).toMatchObject({ exchange: 'MCX', tradingsymbol: 'LEADMINI17DECFUT' });
    mapPosition(data.net[0] as z.infer<typeof KitePositionsSchema>['net'][number], symbols);
    expect(logger.records.filter((e) => e.level === 'warn')).toHaveLength(2);
  });

  it('a short position stays negative', () => {
    const raw = KitePositionsSchema.parse({ net: [{ ...(data.net[1] as object), quantity: -3 }] }).net[0];
    expect(mapPosition(raw as never, symbols).quantity).toBe(-3);
  });
});

describe('holdings mapping (holdings.json)', () => {
  const rows = z.array(KiteHoldingSchema).parse(fixtureData('holdings.json'));
  const mapped = rows.map((h) => mapHolding(h, testSymbols()));

  it('maps each holding to a valid unified Holding', () => {
    for (const holding of mapped) expect(HoldingSchema.parse(holding)).toEqual(holding);
    expect(mapped[0]).toMatchObject({
      symbol: 'AARON',
      exchange: 'NSE',
      product: 'CNC',
      quantity: 1,
      t1Quantity: 0,
      averagePrice: 161,
      ltp: 352.95,
      pnl: 191.95,
    });
    expect(mapped[0]?.pnlPercent).toBeCloseTo(((352.95 - 161) / 161) * 100, 10);
    expect(mapped[1]).toMatchObject({
      symbol: 'SBIN',
      exchange: 'BSE',
      quantity: 16,
      pnl: -629.2999999999993,
    });
  });

  it('counts T+1 shares in the quantity and says how many they are', () => {
    const [raw] = z
      .array(KiteHoldingSchema)
      .parse([{ ...(fixtureData<object[]>('holdings.json')[1] as object), t1_quantity: 4 }]);
    expect(mapHolding(raw as never, testSymbols())).toMatchObject({ quantity: 20, t1Quantity: 4 });
  });
});

describe('funds mapping (margins.json)', () => {
  const margins = KiteMarginsSchema.parse(fixtureData('margins.json'));

  it('available cash = Σnet − Σcollateral over equity and commodity (cash left after margin)', () => {
    const funds = mapFunds(margins);
    expect(FundsSchema.parse(funds)).toEqual(funds);
    expect(funds).toMatchObject({
      // (99725.05 + 100661.7) − 0; blocked margin (debits) is already out of Kite's net
      availableCash: 200386.75,
      collateral: 0,
      m2mRealised: 761.7,
      m2mUnrealised: 0,
      utilisedDebits: 145706.55,
    });
  });

  it('subtracts collateral and copes with a missing commodity segment', () => {
    const equity = { ...(fixtureData<{ equity: Record<string, unknown> }>('margins.json').equity as object) };
    const withCollateral = KiteMarginsSchema.parse({
      equity: {
        ...equity,
        net: 1000,
        available: { cash: 700, collateral: 500 },
        utilised: { debits: 200, m2m_realised: -12.5, m2m_unrealised: 3.25 },
      },
    });
    expect(mapFunds(withCollateral)).toMatchObject({
      availableCash: 500,
      collateral: 500,
      utilisedDebits: 200,
      m2mRealised: -12.5,
      m2mUnrealised: 3.25,
    });
  });
});
