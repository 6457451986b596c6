import { PositionSchema } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { FyersPositionSchema } from '../../src/mapping/fyers-types.js';
import type { MappingContext } from '../../src/mapping/orders.js';
import { fundLine, mapFunds, mapPosition } from '../../src/mapping/portfolio.js';
import { NOW_MS, testSymbols } from './helpers.js';

function context(): MappingContext & { logger: RecordingLogger } {
  const logger = new RecordingLogger();
  return { symbols: testSymbols(logger), nowMs: NOW_MS, logger };
}
describe('positions and funds', () => {
  const position = {
    netQty: -75,
    qty: 75,
    avgPrice: 24010,
    netAvg: 24010,
    side: -1,
    productType: 'MARGIN',
    realized_profit: 0,
    unrealized_profit: -375,
    pl: -375,
    ltp: 24015,
    buyQty: 0,
    buyAvg: 0,
    buyVal: 0,
    sellQty: 75,
    sellAvg: 24010,
    sellVal: 1800750,
    slNo: 0,
    fyToken: '101124122635001',
    crossCurrency: 'N',
    rbiRefRate: 1,
    qtyMulti_com: 1,
    segment: 11,
    symbol: 'NSE:NIFTY24DECFUT',
    id: 'NSE:NIFTY24DECFUT-MARGIN',
    cfBuyQty: 0,
    cfSellQty: 0,
    dayBuyQty: 0,
    daySellQty: 75,
    exchange: 10,
  };

  it('a short future: signed quantity, net average, P&L split', () => {
    const mapped = mapPosition(FyersPositionSchema.parse(position), context());
    expect(mapped).toMatchObject({
      symbol: 'NIFTY26DEC24FUT',
      exchange: 'NFO',
      product: 'NRML',
      quantity: -75,
      averagePrice: 24010,
      ltp: 24015,
      pnl: -375,
      realisedPnl: 0,
      unrealisedPnl: -375,
      buyQuantity: 0,
      sellQuantity: 75,
      sellAverage: 24010,
    });
    expect(PositionSchema.safeParse(mapped).success).toBe(true);
  });

  it('MCX and currency rows resolve through their own segments', () => {
    const mcx = mapPosition(
      FyersPositionSchema.parse({
        ...position,
        symbol: 'MCX:CRUDEOIL24DECFUT',
        fyToken: '1120241219430106',
        exchange: 11,
        segment: 20,
      }),
      context(),
    );
    expect([mcx.symbol, mcx.exchange]).toEqual(['CRUDEOIL19DEC24FUT', 'MCX']);
    const cds = mapPosition(
      FyersPositionSchema.parse({
        ...position,
        symbol: 'NSE:USDINR24DECFUT',
        fyToken: '101224122711111',
        segment: 12,
        ltp: 84.2525,
      }),
      context(),
    );
    expect([cds.symbol, cds.exchange, cds.ltp]).toEqual(['USDINR27DEC24FUT', 'CDS', 84.2525]);
  });

  it('fund lines by title, equity + commodity; no Available Balance → Clear Balance − Utilized', () => {
    const lines = [
      { id: 2, title: 'Utilized Amount', equityAmount: 100, commodityAmount: 50 },
      { id: 3, title: 'Clear  Balance', equityAmount: 1000, commodityAmount: 500 },
    ];
    expect(fundLine(lines, 'clear balance')).toBe(1500);
    expect(fundLine(lines, 'Collaterals')).toBeUndefined();
    expect(mapFunds(lines, [], null)).toMatchObject({
      availableCash: 1350,
      utilisedDebits: 150,
      collateral: 0,
    });
  });
});
