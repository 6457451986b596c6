import type { Connect } from 'kiteconnect';

/** What the simulator answers a call it does not serve: Kite's own error envelope. */
export interface KiteRefusal {
  error_type: 'GeneralException' | 'InputException';
  message: string;
}

export interface NotServed {
  /** The SDK method, as SIMULATOR.md names it. */
  method: string;
  /** Kite's route. */
  route: string;
  why: string;
  call: (kc: Connect) => Promise<unknown>;
  refusal: KiteRefusal;
}

const ROUTE_NOT_FOUND: KiteRefusal = { error_type: 'GeneralException', message: 'Route not found' };
const varietyRefusal = (variety: string): KiteRefusal => ({
  error_type: 'InputException',
  message: `The simulator only places regular orders, not \`${variety}\` orders.`,
});

const MF = 'Mutual funds (Coin) are not traded through OpenAlgo.';
const VARIETY =
  'Only the regular variety is simulated; the adapter places and modifies nothing else (SIMULATOR.md, Orders).';
const order = (variety: 'amo' | 'co' | 'iceberg' | 'auction') => (kc: Connect) =>
  kc.placeOrder(variety, {
    exchange: 'NSE',
    tradingsymbol: 'SBIN',
    transaction_type: 'BUY',
    quantity: 1,
    product: 'MIS',
    order_type: 'LIMIT',
    price: 790,
  });

/**
 * Every SDK call the Kite simulator does not serve, with the reason. SIMULATOR.md's "Not served"
 * table lists the same methods (a test checks the two agree).
 */
export const NOT_SERVED: readonly NotServed[] = [
  {
    method: 'getMFOrders',
    route: 'GET /mf/orders[/{id}]',
    why: MF,
    call: (kc) => kc.getMFOrders(),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'placeMFOrder',
    route: 'POST /mf/orders',
    why: MF,
    call: (kc) => kc.placeMFOrder({ tradingsymbol: 'INF174K01LS2', transaction_type: 'BUY', amount: 5000 }),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'cancelMFOrder',
    route: 'DELETE /mf/orders/{id}',
    why: MF,
    call: (kc) => kc.cancelMFOrder('1'),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'getMFSIPS',
    route: 'GET /mf/sips[/{id}]',
    why: MF,
    call: (kc) => kc.getMFSIPS(),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'placeMFSIP',
    route: 'POST /mf/sips',
    why: MF,
    call: (kc) =>
      kc.placeMFSIP({ tradingsymbol: 'INF174K01LS2', amount: 5000, instalments: 12, frequency: 'monthly' }),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'modifyMFSIP',
    route: 'PUT /mf/sips/{id}',
    why: MF,
    call: (kc) => kc.modifyMFSIP('1', { instalments: 6 }),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'cancelMFSIP',
    route: 'DELETE /mf/sips/{id}',
    why: MF,
    call: (kc) => kc.cancelMFSIP('1'),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'getMFHoldings',
    route: 'GET /mf/holdings',
    why: MF,
    call: (kc) => kc.getMFHoldings(),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'getMFInstruments',
    route: 'GET /mf/instruments',
    why: MF,
    call: (kc) => kc.getMFInstruments(),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'convertPosition',
    route: 'PUT /portfolio/positions',
    why: 'Product conversion is not part of the broker contract; the sandbox keeps a position’s product for life.',
    call: (kc) =>
      kc.convertPosition({
        exchange: 'NSE',
        tradingsymbol: 'SBIN',
        transaction_type: 'BUY',
        position_type: 'day',
        quantity: 1,
        old_product: 'MIS',
        new_product: 'CNC',
      }),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'getAuctionInstruments',
    route: 'GET /portfolio/holdings/auctions',
    why: 'Exchange auctions (short delivery) do not happen in the synthetic market.',
    // In the SDK's JS, missing from its 5.3.0 typings.
    call: (kc) => (kc as Connect & { getAuctionInstruments(): Promise<unknown> }).getAuctionInstruments(),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'getvirtualContractNote',
    route: 'POST /charges/orders',
    why: 'The sandbox charges no brokerage or taxes, so there is no contract note to compute.',
    call: (kc) =>
      kc.getvirtualContractNote([
        {
          order_id: '1',
          exchange: 'NSE',
          tradingsymbol: 'SBIN',
          transaction_type: 'BUY',
          variety: 'regular',
          product: 'CNC',
          order_type: 'MARKET',
          quantity: 1,
          average_price: 800,
        },
      ]),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'placeOrder(amo)',
    route: 'POST /orders/amo',
    why: VARIETY,
    call: order('amo'),
    refusal: varietyRefusal('amo'),
  },
  {
    method: 'placeOrder(co)',
    route: 'POST /orders/co',
    why: VARIETY,
    call: order('co'),
    refusal: varietyRefusal('co'),
  },
  {
    method: 'placeOrder(iceberg)',
    route: 'POST /orders/iceberg',
    why: VARIETY,
    call: order('iceberg'),
    refusal: varietyRefusal('iceberg'),
  },
  {
    method: 'placeOrder(auction)',
    route: 'POST /orders/auction',
    why: VARIETY,
    call: order('auction'),
    refusal: varietyRefusal('auction'),
  },
  {
    method: 'renewAccessToken',
    route: 'POST /session/refresh_token',
    why: 'Refresh tokens are only for apps Zerodha approves; the simulator issues none (`refresh_token: ""`).',
    call: (kc) => kc.renewAccessToken('refresh', 'secret'),
    refusal: ROUTE_NOT_FOUND,
  },
  {
    method: 'invalidateRefreshToken',
    route: 'DELETE /session/token?refresh_token=…',
    why: 'The simulator issues no refresh tokens, so there is none to invalidate.',
    call: (kc) => kc.invalidateRefreshToken('refresh'),
    refusal: { error_type: 'InputException', message: 'The simulator issues no refresh tokens.' },
  },
];
