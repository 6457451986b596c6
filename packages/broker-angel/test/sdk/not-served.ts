import type { SdkEnvelope, SmartApi } from './sdk-types.js';

/** How the simulator refuses a call it does not serve: Angel's application envelope on HTTP 200. */
export interface AngelRefusal {
  errorcode: string;
  /** The reason must say the simulator does not serve it (never a silent success). */
  message: RegExp;
}

export interface NotServed {
  /** The SDK method and, for an order, what in it is not served. */
  method: string;
  /** SmartAPI's route (under `/rest/secure/angelbroking`). */
  route: string;
  why: string;
  call: (client: SmartApi) => Promise<SdkEnvelope> | SdkEnvelope;
  refusal: AngelRefusal;
}

/** A route the simulator has no handler for: AB2000 "Error not specified" with the reason. */
const NO_ROUTE: AngelRefusal = { errorcode: 'AB2000', message: /not served/i };

const GTT = 'GTT rules are a standing trigger book at Angel that OpenAlgo does not use.';
const EDIS =
  'eDIS (TPIN) authorises selling demat holdings at the depository; nothing here holds demat stock.';
const ANALYTICS =
  'Market analytics Angel computes over the whole exchange; the synthetic market has no such universe.';
const rule = {
  tradingsymbol: 'SBIN-EQ',
  symboltoken: '3045',
  exchange: 'NSE',
  producttype: 'DELIVERY',
  transactiontype: 'BUY',
  price: '195',
  qty: '1',
  triggerprice: '196',
  disclosedqty: '0',
  timeperiod: '20',
};
const order = (overrides: Record<string, string>) => (client: SmartApi) =>
  client.placeOrder({
    variety: 'NORMAL',
    tradingsymbol: 'SBIN-EQ',
    symboltoken: '3045',
    transactiontype: 'BUY',
    exchange: 'NSE',
    ordertype: 'LIMIT',
    producttype: 'INTRADAY',
    duration: 'DAY',
    price: '790',
    squareoff: '0',
    stoploss: '0',
    quantity: '1',
    ...overrides,
  });

/**
 * Every SDK call the Angel simulator does not serve, with the reason (SIMULATOR.md lists the same).
 * Each is asserted to fail with Angel's own error envelope and to leave the session alone.
 */
export const NOT_SERVED: readonly NotServed[] = [
  {
    method: 'createRule',
    route: '/gtt/v1/createRule',
    why: GTT,
    call: (c) => c.createRule(rule),
    refusal: NO_ROUTE,
  },
  {
    method: 'modifyRule',
    route: '/gtt/v1/modifyRule',
    why: GTT,
    call: (c) => c.modifyRule({ ...rule, id: '1' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'cancelRule',
    route: '/gtt/v1/cancelRule',
    why: GTT,
    call: (c) => c.cancelRule({ id: '1', symboltoken: '3045', exchange: 'NSE' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'ruleDetails',
    route: '/gtt/v1/ruleDetails',
    why: GTT,
    call: (c) => c.ruleDetails({ id: '1' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'ruleList',
    route: '/gtt/v1/ruleList',
    why: GTT,
    call: (c) => c.ruleList({ status: ['NEW'], page: 1, count: 10 }),
    refusal: NO_ROUTE,
  },
  {
    method: 'convertPosition',
    route: '/order/v1/convertPosition',
    why: 'Converting a position between products is not part of the OpenAlgo contract and the sandbox does not model it.',
    call: (c) =>
      c.convertPosition({
        exchange: 'NSE',
        symboltoken: '3045',
        oldproducttype: 'INTRADAY',
        newproducttype: 'DELIVERY',
        tradingsymbol: 'SBIN-EQ',
        transactiontype: 'BUY',
        quantity: 1,
        type: 'DAY',
      }),
    refusal: NO_ROUTE,
  },
  {
    method: 'searchScrip',
    route: '/order/v1/searchScrip',
    why: 'Symbol search is served from the scrip master, which the simulator publishes whole.',
    call: (c) => c.searchScrip({ exchange: 'NSE', searchscrip: 'SBIN' }) as Promise<SdkEnvelope>,
    refusal: NO_ROUTE,
  },
  {
    method: 'estimateCharges',
    route: '/brokerage/v1/estimateCharges',
    why: 'Brokerage and statutory charges are Angel’s tariff, not simulated.',
    call: (c) =>
      c.estimateCharges({
        orders: [
          {
            product_type: 'DELIVERY',
            transaction_type: 'BUY',
            quantity: '1',
            price: '800',
            exchange: 'NSE',
            symbol_name: 'SBIN',
            token: '3045',
          },
        ],
      }),
    refusal: NO_ROUTE,
  },
  {
    method: 'verifyDis',
    route: '/edis/v1/verifyDis',
    why: EDIS,
    call: (c) => c.verifyDis({ isin: 'INE062A01020', quantity: '1' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'generateTPIN',
    route: '/edis/v1/generateTPIN',
    why: EDIS,
    call: (c) => c.generateTPIN({ dpId: '1', ReqId: '1', boid: '1', pan: 'X' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'getTranStatus',
    route: '/edis/v1/getTranStatus',
    why: EDIS,
    call: (c) => c.getTranStatus({ ReqId: '1' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'optionGreek',
    route: '/marketData/v1/optionGreek',
    why: ANALYTICS,
    call: (c) => c.optionGreek({ name: 'NIFTY', expirydate: '27JAN2026' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'gainersLosers',
    route: '/marketData/v1/gainersLosers',
    why: ANALYTICS,
    call: (c) => c.gainersLosers({ datatype: 'PercOIGainers', expirytype: 'NEAR' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'putCallRatio',
    route: '/marketData/v1/putCallRatio',
    why: ANALYTICS,
    call: (c) => c.putCallRatio(),
    refusal: NO_ROUTE,
  },
  {
    method: 'nseIntraday',
    route: '/marketData/v1/nseIntraday',
    why: ANALYTICS,
    call: (c) => c.nseIntraday(),
    refusal: NO_ROUTE,
  },
  {
    method: 'bseIntraday',
    route: '/marketData/v1/bseIntraday',
    why: ANALYTICS,
    call: (c) => c.bseIntraday(),
    refusal: NO_ROUTE,
  },
  {
    method: 'oIBuildup',
    route: '/marketData/v1/OIBuildup',
    why: ANALYTICS,
    call: (c) => c.oIBuildup({ expirytype: 'NEAR', datatype: 'Long Built Up' }),
    refusal: NO_ROUTE,
  },
  {
    method: 'placeOrder (variety ROBO)',
    route: '/order/v1/placeOrder',
    why: 'Bracket (ROBO) orders: Angel answers AB2002 “ROBO order is block”, and so does the simulator.',
    call: order({ variety: 'ROBO', producttype: 'BO', squareoff: '5', stoploss: '5' }),
    refusal: { errorcode: 'AB2002', message: /^ROBO order is block$/ },
  },
  {
    method: 'placeOrder (producttype MARGIN)',
    route: '/order/v1/placeOrder',
    why: 'Only DELIVERY, CARRYFORWARD and INTRADAY map to OpenAlgo products (§2.8).',
    call: order({ producttype: 'MARGIN' }),
    refusal: { errorcode: 'AB1012', message: /not served/ },
  },
  {
    method: 'placeOrder (duration IOC)',
    route: '/order/v1/placeOrder',
    why: 'The sandbox engine runs DAY orders only.',
    call: order({ duration: 'IOC' }),
    refusal: { errorcode: 'AB1007', message: /DAY orders only/ },
  },
];
