// Core + the Zerodha adapter, logged in and trading against Zerodha's loopback simulator: the real
// adapter over the real wire format (REST, login page, instrument master), without a Kite account.
// Everything listens on 127.0.0.1; nothing reaches Zerodha.
//
//   npm i @openalgo/core @openalgo/broker-zerodha @openalgo/sandbox @openalgo/testkit
//   node zerodha-simulator.mjs
//
// (@openalgo/sandbox and @openalgo/testkit are needed only for the `./simulator` entry.)
import { randomBytes } from 'node:crypto';
import zerodha from '@openalgo/broker-zerodha';
import { createKiteSimulator, loginWithForm } from '@openalgo/broker-zerodha/simulator';
import { InstrumentIndex, loadInstruments, noopLogger, systemClock, TradingService } from '@openalgo/core';

const runtime = { http: {}, clock: systemClock, logger: noopLogger };

// 1. A loopback Kite on a free port. Against the real Kite you would leave `baseUrls` out and use
//    your app's api key, secret and registered redirect URL.
const kite = await createKiteSimulator({ host: '127.0.0.1', masterSize: 5_000 });
const config = zerodha.configSchema.parse({
  apiKey: kite.credentials.apiKey,
  apiSecret: kite.credentials.apiSecret,
  redirectUrl: kite.redirectUrl,
  baseUrls: { api: kite.apiUrl, login: kite.loginUrl, ws: kite.wsUrl, instruments: kite.instrumentsUrl },
});

let adapter;
try {
  // 2. Kite's redirect login. A browser would open `loginUrl`, the user would log in, and Kite would
  //    redirect to your app with `request_token` and the CSRF `state`; here `loginWithForm` posts the
  //    simulator's login form and returns the redirect's query.
  const auth = zerodha.auth(config, runtime);
  const csrfState = randomBytes(8).toString('hex');
  const callbackQuery = await loginWithForm(auth.loginUrl(csrfState), kite.credentials);
  if (callbackQuery.state !== csrfState) throw new Error('the login redirect lost the CSRF state');
  const session = await auth.completeLogin(callbackQuery);
  console.log(`logged in as ${session.userId}`);

  // 3. The adapter and its instrument master (Kite's CSV, from the simulator).
  const instruments = new InstrumentIndex({ clock: runtime.clock });
  adapter = await zerodha.create({ ...runtime, config, session, instruments });
  const master = await loadInstruments({
    index: instruments,
    broker: zerodha.manifest.id,
    download: () => adapter.downloadInstruments(),
    clock: runtime.clock,
    logger: runtime.logger,
  });
  console.log(`instruments: ${master.rows} rows (${master.outcome})`);

  // 4. Place, list, cancel — orders through core's trading service (client order id as Kite's tag,
  //    never sent twice), reads straight from the adapter.
  const trading = new TradingService({ adapter, clock: runtime.clock, logger: runtime.logger });
  const [quote] = await adapter.getQuotes([{ symbol: 'SBIN', exchange: 'NSE' }]);
  console.log(`SBIN ltp ${quote.ltp}`);
  const limitPrice = Math.round(quote.ltp * 0.95 * 20) / 20; // a few percent under, on the 0.05 tick
  const placed = await trading.placeOrder({
    symbol: 'SBIN',
    exchange: 'NSE',
    action: 'BUY',
    quantity: 1,
    priceType: 'LIMIT',
    price: limitPrice,
    product: 'CNC',
  });
  console.log(`placed LIMIT buy at ${limitPrice}: order ${placed.orderId}`);
  for (const order of await adapter.getOrders()) {
    console.log(
      `order ${order.orderId} ${order.action} ${order.quantity} ${order.symbol} ${order.priceType} ${order.status}`,
    );
  }
  await adapter.cancelOrder(placed.orderId);
  console.log(`order ${placed.orderId} is ${(await adapter.getOrder(placed.orderId)).status}`);

  // 5. A filled buy, then close everything: cancel what is open and square off every position.
  const bought = await trading.placeOrder({
    symbol: 'SBIN',
    exchange: 'NSE',
    action: 'BUY',
    quantity: 5,
    priceType: 'MARKET',
    product: 'CNC',
  });
  console.log(
    `placed MARKET buy: order ${bought.orderId} is ${(await adapter.getOrder(bought.orderId)).status}`,
  );
  for (const position of await adapter.getPositions()) {
    console.log(
      `position ${position.symbol} ${position.exchange} ${position.product} qty ${position.quantity}`,
    );
  }
  const cancelled = await trading.cancelAllOrders();
  const closed = await trading.closeAllPositions();
  console.log(`cancel all: ${cancelled.cancelled.length} cancelled, ${cancelled.failed.length} failed`);
  console.log(`close all: ${JSON.stringify(closed)}`);
  for (const position of await adapter.getPositions()) {
    console.log(
      `position ${position.symbol} ${position.exchange} ${position.product} qty ${position.quantity}`,
    );
  }
} finally {
  await adapter?.close();
  await kite.close();
}
