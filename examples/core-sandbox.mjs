// Core + the sandbox broker in a plain Node script: the way a library user drives one broker
// without the server. Paper trading, no account, no network.
//
//   npm i @openalgo/core @openalgo/sandbox
//   node core-sandbox.mjs
import { InstrumentIndex, loadInstruments, noopLogger, systemClock, TradingService } from '@openalgo/core';
import sandbox from '@openalgo/sandbox';

const runtime = { http: {}, clock: systemClock, logger: noopLogger };

// 1. Configure and log in. The sandbox takes no credentials; a real broker's config holds its api
//    key and secret, and its login goes through the broker (see zerodha-simulator.mjs).
const config = sandbox.configSchema.parse({ accountId: 'example' });
const session = await sandbox.auth(config, runtime).completeLogin({});

// 2. The adapter resolves symbols through an instrument master: create it empty, then load the
//    broker's master into it through the adapter.
const instruments = new InstrumentIndex({ clock: runtime.clock });
const adapter = await sandbox.create({ ...runtime, config, session, instruments });
const master = await loadInstruments({
  index: instruments,
  broker: sandbox.manifest.id,
  download: () => adapter.downloadInstruments(),
  clock: runtime.clock,
  logger: runtime.logger,
});
console.log(`instruments: ${master.rows} rows (${master.outcome})`);

try {
  // 3. Orders go through core's trading service: it gives each one a client order id and, if a
  //    placement fails ambiguously, looks it up in the order book instead of sending it twice.
  const trading = new TradingService({ adapter, clock: runtime.clock, logger: runtime.logger });
  const [quote] = await adapter.getQuotes([{ symbol: 'SBIN', exchange: 'NSE' }]);
  console.log(`SBIN ltp ${quote.ltp}`);

  const bought = await trading.placeOrder({
    symbol: 'SBIN',
    exchange: 'NSE',
    action: 'BUY',
    quantity: 10,
    priceType: 'MARKET',
    product: 'CNC',
  });
  console.log(`placed MARKET buy: order ${bought.orderId}`);

  // A LIMIT a few percent under the market, on the 0.05 tick: it rests open.
  const limitPrice = Math.round(quote.ltp * 0.95 * 20) / 20;
  const resting = await trading.placeOrder({
    symbol: 'SBIN',
    exchange: 'NSE',
    action: 'BUY',
    quantity: 1,
    priceType: 'LIMIT',
    price: limitPrice,
    product: 'CNC',
  });
  console.log(`placed LIMIT buy at ${limitPrice}: order ${resting.orderId}`);

  // 4. Read the books straight from the adapter.
  for (const order of await adapter.getOrders()) {
    console.log(
      `order ${order.orderId} ${order.action} ${order.quantity} ${order.symbol} ${order.priceType} ${order.status}`,
    );
  }
  for (const position of await adapter.getPositions()) {
    console.log(
      `position ${position.symbol} ${position.exchange} ${position.product} qty ${position.quantity}`,
    );
  }

  const cancelled = await trading.cancelAllOrders();
  console.log(`cancel all: ${JSON.stringify(cancelled)}`);
} finally {
  // Closing the adapter stops the sandbox's scheduler, so the process exits.
  await adapter.close();
}
