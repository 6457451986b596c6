import { type Endpoint, endpointGroup, execution } from './endpoint.js';
import { MarginRequest, MarginResponse } from './schemas/margin.js';

/** OpenAlgo's margin calculator over the execution adapter's `getMargin`. */

const define = endpointGroup('Accounts');

export const margin = define({
  path: '/margin',
  summary: 'Margin a basket of positions would need',
  description:
    'Prices 1 to 50 hypothetical positions together, the way the broker would margin them now (a broker that recognises hedges, such as Zerodha, gives their benefit). Nothing is placed. The sandbox charges trade value ÷ its leverage: equity MIS 5×, CNC 1×, futures 10×, option buys the premium, option writing configurable; MARKET legs at the touch, SL-M at the trigger, a LIMIT or SL leg at its price (at the touch when the price is 0).',
  requires: [execution('getMargin')],
  request: MarginRequest,
  response: MarginResponse,
  example: {
    positions: [
      {
        symbol: 'SBIN',
        exchange: 'NSE',
        action: 'BUY',
        quantity: '10',
        product: 'MIS',
        pricetype: 'LIMIT',
        price: '800',
        trigger_price: '0',
      },
    ],
  },
  async handle({ input, account, reply }) {
    const result = await account.executionAdapter.getMargin(input.positions);
    return reply({
      status: 'success',
      data: {
        total_margin_required: result.totalMarginRequired,
        span_margin: result.spanMargin,
        exposure_margin: result.exposureMargin,
      },
    });
  },
});

export const MARGIN_ENDPOINTS: readonly Endpoint[] = [margin];
