import { afterEach, beforeEach, expect } from 'vitest';
import { dataOf, type SdkSession, startSdkSession } from './sdk-session.js';
import type { Params } from './sdk-types.js';

/** Instruments of the simulator's master, named as an Angel user names them (exchange + token). */
export const SBIN = { exchange: 'NSE', tradingsymbol: 'SBIN-EQ', symboltoken: '3045' } as const;
export const SBIN_BSE = { exchange: 'BSE', tradingsymbol: 'SBIN', symboltoken: '500000' } as const;
export const FUT = { exchange: 'NFO', tradingsymbol: 'NIFTY27JAN26FUT', symboltoken: '35000' } as const;
export const CRUDE = { exchange: 'MCX', tradingsymbol: 'CRUDEOIL19JAN26FUT', symboltoken: '400000' } as const;
export const USDINR = { exchange: 'CDS', tradingsymbol: 'USDINR28JAN26FUT', symboltoken: '20000' } as const;
/** Pinned prices: SBIN's tick is 0.05, so its book is 799.95 / 800.05. */
export const SBIN_PRICE = 800;
export const FUT_PRICE = 23_000;

const ORDER_ID = /^260105\d{9}$/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** What an order test works with: the session and three SDK round trips. */
export interface OrderDesk {
  readonly s: SdkSession;
  /** Places through the SDK; checks and answers Angel's `{script, orderid, uniqueorderid}`. */
  place(params: Params): Promise<{ orderid: string; uniqueorderid: string }>;
  /** The order's row in `getOrderBook`. */
  bookRow(orderid: string): Promise<Record<string, unknown>>;
}

/** A price as the order book prints it (the SDK's mock: "194.00"). */
export function money(value: string | undefined): string {
  return Number(value ?? 0) === 0 ? '0' : Number(value).toFixed(2);
}

/** A fresh simulator and logged-in SDK per test, prices pinned. */
export function useOrderDesk(): OrderDesk {
  let session: SdkSession | undefined;
  beforeEach(async () => {
    session = await startSdkSession();
    const { backdoor } = session.sim;
    backdoor.setPrice({ symbol: 'SBIN', exchange: 'NSE' }, SBIN_PRICE);
    backdoor.setPrice({ symbol: 'SBIN', exchange: 'BSE' }, SBIN_PRICE);
    backdoor.setPrice({ symbol: 'NIFTY27JAN26FUT', exchange: 'NFO' }, FUT_PRICE);
    backdoor.setPrice({ symbol: 'CRUDEOIL19JAN26FUT', exchange: 'MCX' }, 6_000);
    backdoor.setPrice({ symbol: 'USDINR28JAN26FUT', exchange: 'CDS' }, 86);
  });
  afterEach(() => session?.close());
  const desk: OrderDesk = {
    get s() {
      if (!session) throw new Error('the order desk opens in beforeEach');
      return session;
    },
    async place(params) {
      const data = await dataOf(
        desk.s.client.placeOrder({ duration: 'DAY', squareoff: '0', stoploss: '0', ...params }),
      );
      expect(data).toEqual({
        script: params.tradingsymbol,
        orderid: expect.stringMatching(ORDER_ID),
        uniqueorderid: expect.stringMatching(UUID),
      });
      return data;
    },
    async bookRow(orderid) {
      const book = (await dataOf(desk.s.client.getOrderBook())) as Array<Record<string, unknown>>;
      const row = book.find((r) => r.orderid === orderid);
      if (!row) throw new Error(`order ${orderid} is not in the book`);
      return row;
    },
  };
  return desk;
}
