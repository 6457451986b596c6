import { onlyLoopback } from '@openalgo/testkit/oracle';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SBIN, useOrderDesk } from './order-desk.js';
import { dataOf } from './sdk-session.js';

onlyLoopback({ beforeAll, afterAll });

const desk = useOrderDesk();
const { place, bookRow } = desk;

describe('modifyOrder and cancelOrder', () => {
  it('modifies a resting LIMIT order’s price and quantity, then cancels it', async () => {
    const ack = await place({
      ...SBIN,
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      transactiontype: 'BUY',
      producttype: 'DELIVERY',
      price: '790',
      quantity: '5',
    });
    const modified = await dataOf(
      desk.s.client.modifyOrder({
        ...SBIN,
        variety: 'NORMAL',
        orderid: ack.orderid,
        ordertype: 'LIMIT',
        producttype: 'DELIVERY',
        duration: 'DAY',
        price: '791.5',
        quantity: '4',
      }),
    );
    expect(modified).toEqual({ orderid: ack.orderid, uniqueorderid: ack.uniqueorderid });
    expect(await bookRow(ack.orderid)).toMatchObject({
      price: expect.stringMatching(/^791\.50?$/),
      quantity: '4',
      status: 'open',
    });
    const history = desk.s.sim.backdoor.orders().find((o) => o.orderId === ack.orderid)?.history;
    expect(history).toEqual(['open pending', 'open', 'modify pending', 'modified', 'open']);

    const cancelled = await dataOf(desk.s.client.cancelOrder({ variety: 'NORMAL', orderid: ack.orderid }));
    expect(cancelled).toEqual({ orderid: ack.orderid, uniqueorderid: ack.uniqueorderid });
    expect(await bookRow(ack.orderid)).toMatchObject({ status: 'cancelled', orderstatus: 'cancelled' });
  });

  it('moves a STOPLOSS order’s trigger, and a triggered stop fills', async () => {
    const ack = await place({
      ...SBIN,
      variety: 'STOPLOSS',
      ordertype: 'STOPLOSS_MARKET',
      transactiontype: 'SELL',
      producttype: 'INTRADAY',
      price: '0',
      triggerprice: '790',
      quantity: '2',
    });
    await dataOf(
      desk.s.client.modifyOrder({
        ...SBIN,
        variety: 'STOPLOSS',
        orderid: ack.orderid,
        ordertype: 'STOPLOSS_MARKET',
        producttype: 'INTRADAY',
        duration: 'DAY',
        price: '0',
        triggerprice: '795',
        quantity: '2',
      }),
    );
    expect(await bookRow(ack.orderid)).toMatchObject({
      triggerprice: expect.stringMatching(/^795(\.00?)?$/),
      status: 'trigger pending',
    });
    desk.s.sim.backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, 794);
    await desk.s.sim.backdoor.advanceClock(1_000);
    expect(await bookRow(ack.orderid)).toMatchObject({ status: 'complete', filledshares: '2' });
  });

  it('modifies a resting LIMIT order into a MARKET order, which fills at the ask', async () => {
    const ack = await place({
      ...SBIN,
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      transactiontype: 'BUY',
      producttype: 'INTRADAY',
      price: '790',
      quantity: '2',
    });
    await dataOf(
      desk.s.client.modifyOrder({
        ...SBIN,
        variety: 'NORMAL',
        orderid: ack.orderid,
        ordertype: 'MARKET',
        producttype: 'INTRADAY',
        duration: 'DAY',
        price: '0',
        quantity: '2',
      }),
    );
    expect(await bookRow(ack.orderid)).toMatchObject({
      ordertype: 'MARKET',
      status: 'complete',
      filledshares: '2',
      averageprice: '800.05',
    });
  });

  it('refuses to cancel an order twice or an unknown one, as Angel errors', async () => {
    const ack = await place({
      ...SBIN,
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      transactiontype: 'BUY',
      producttype: 'DELIVERY',
      price: '790',
      quantity: '1',
    });
    await dataOf(desk.s.client.cancelOrder({ variety: 'NORMAL', orderid: ack.orderid }));
    // AB1007 (Angel's OMS refusal, §2.6) with the reason; AB1013 "Order not found" for an unknown id.
    expect(await desk.s.client.cancelOrder({ variety: 'NORMAL', orderid: ack.orderid })).toEqual({
      status: false,
      message: 'Order cannot be cancelled as it is already cancelled',
      errorcode: 'AB1007',
      data: null,
    });
    expect(await desk.s.client.cancelOrder({ variety: 'NORMAL', orderid: '260105999999999' })).toEqual({
      status: false,
      message: 'Order not found',
      errorcode: 'AB1013',
      data: null,
    });
  });
});

describe('order details, trade book', () => {
  it('indOrderDetails(uniqueorderid): one order, prices as numbers and quantities as strings (§2.3)', async () => {
    const ack = await place({
      ...SBIN,
      variety: 'NORMAL',
      ordertype: 'LIMIT',
      transactiontype: 'BUY',
      producttype: 'DELIVERY',
      price: '790',
      quantity: '5',
      ordertag: 'det1',
    });
    const details = await dataOf(desk.s.client.indOrderDetails(ack.uniqueorderid));
    expect(details).toMatchObject({
      ...SBIN,
      orderid: ack.orderid,
      uniqueorderid: ack.uniqueorderid,
      price: 790,
      quantity: '5',
      status: 'open',
      ordertag: 'det1',
    });
    expect(typeof details.triggerprice).toBe('number');
  });

  it('a MARKET fill shows in the trade book with Angel’s string numbers and an HH:MM:SS fill time', async () => {
    const ack = await place({
      ...SBIN,
      variety: 'NORMAL',
      ordertype: 'MARKET',
      transactiontype: 'BUY',
      producttype: 'INTRADAY',
      price: '0',
      quantity: '4',
    });
    const trades = (await dataOf(desk.s.client.getTradeBook())) as Array<Record<string, unknown>>;
    expect(trades).toEqual([
      expect.objectContaining({
        exchange: 'NSE',
        tradingsymbol: 'SBIN-EQ',
        producttype: 'INTRADAY',
        transactiontype: 'BUY',
        orderid: ack.orderid,
        fillsize: '4',
        fillprice: expect.stringMatching(/^800\.05?0?$/),
        filltime: expect.stringMatching(/^\d{2}:\d{2}:\d{2}$/),
      }),
    ]);
  });

  it('empty books are `data: null`, as Angel answers them', async () => {
    expect(await desk.s.client.getOrderBook()).toEqual({
      status: true,
      message: 'SUCCESS',
      errorcode: '',
      data: null,
    });
    expect(await desk.s.client.getTradeBook()).toEqual({
      status: true,
      message: 'SUCCESS',
      errorcode: '',
      data: null,
    });
  });
});
