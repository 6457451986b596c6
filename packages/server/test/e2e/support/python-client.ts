import { request } from 'undici';

/**
 * What the official OpenAlgo Python client (`openalgo` 2.0.1, marketcalls/openalgo-python-library at
 * v2.0.1) puts on the wire, method by method, restated from its source (orders.py, account.py, data.py,
 * options.py, utilities.py, strategy.py, telegram.py, whatsapp.py): the same paths, the same field
 * names, and the same types — it sends most numbers as strings (`str(quantity)`), some as ints
 * (`strike_count`, multi-order `strike_int`), and the rest as given. PyPI is out of reach here, so the
 * client cannot run in CI; this replica is how the server is held to what the client sends.
 */

export interface ClientReply {
  status: number;
  body: Record<string, unknown> & { status?: string; message?: string };
}

type Fields = Record<string, unknown>;

/** `for key, value in kwargs.items(): if value is not None: payload[key] = str(value)` */
function stringKwargs(kwargs: Fields): Fields {
  return Object.fromEntries(
    Object.entries(kwargs)
      .filter(([, v]) => v !== undefined && v !== null)
      .map(([k, v]) => [k, String(v)]),
  );
}

/** `for key, value in kwargs.items(): if value is not None: payload[key] = value` */
function rawKwargs(kwargs: Fields): Fields {
  return Object.fromEntries(Object.entries(kwargs).filter(([, v]) => v !== undefined && v !== null));
}

/** `str(value) if isinstance(value, (int, float)) else value` for each field of a leg/position. */
function numbersAsStrings(row: Fields): Fields {
  return Object.fromEntries(Object.entries(row).map(([k, v]) => [k, typeof v === 'number' ? String(v) : v]));
}

export class PythonClientReplica {
  /**
   * `pace` runs before each request: a test on a manual clock moves time on as a real caller's
   * requests would be spread out, so the per-key rate windows (10 order writes a second) see a
   * client's pace, not a burst.
   */
  constructor(
    private readonly host: string,
    readonly apiKey: string,
    private readonly pace: () => Promise<void> = async () => {},
  ) {}

  private async post(endpoint: string, payload: Fields): Promise<ClientReply> {
    await this.pace();
    const res = await request(`${this.host}/api/v1/${endpoint}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(payload),
    });
    return { status: res.statusCode, body: (await res.body.json()) as ClientReply['body'] };
  }

  private async get(endpoint: string, params: Record<string, string>): Promise<ClientReply> {
    await this.pace();
    const query = new URLSearchParams(params).toString();
    const res = await request(`${this.host}/api/v1/${endpoint}?${query}`, { method: 'GET' });
    const text = await res.body.text();
    let body: ClientReply['body'];
    try {
      body = JSON.parse(text) as ClientReply['body'];
    } catch {
      body = { text };
    }
    return { status: res.statusCode, body };
  }

  // orders.py
  placeorder(
    o: {
      strategy?: string;
      symbol: string;
      action: string;
      exchange: string;
      price_type?: string;
      product?: string;
      quantity?: number;
    } & Fields,
  ) {
    const {
      strategy = 'Python',
      symbol,
      action,
      exchange,
      price_type = 'MARKET',
      product = 'MIS',
      quantity = 1,
      ...kwargs
    } = o;
    return this.post('placeorder', {
      apikey: this.apiKey,
      strategy,
      symbol,
      action,
      exchange,
      pricetype: price_type,
      product,
      quantity: String(quantity),
      ...stringKwargs(kwargs),
    });
  }
  placesmartorder(
    o: {
      strategy?: string;
      symbol: string;
      action: string;
      exchange: string;
      price_type?: string;
      product?: string;
      quantity?: number;
      position_size: number;
    } & Fields,
  ) {
    const {
      strategy = 'Python',
      symbol,
      action,
      exchange,
      price_type = 'MARKET',
      product = 'MIS',
      quantity = 1,
      position_size,
      ...kwargs
    } = o;
    return this.post('placesmartorder', {
      apikey: this.apiKey,
      strategy,
      symbol,
      action,
      exchange,
      pricetype: price_type,
      product,
      quantity: String(quantity),
      position_size: String(position_size),
      ...stringKwargs(kwargs),
    });
  }
  basketorder(o: { strategy?: string; orders: Fields[] } & Fields) {
    const { strategy = 'Python', orders, ...kwargs } = o;
    return this.post('basketorder', {
      apikey: this.apiKey,
      strategy,
      orders: orders.map(numbersAsStrings),
      ...stringKwargs(kwargs),
    });
  }
  splitorder(
    o: {
      strategy?: string;
      symbol: string;
      action: string;
      exchange: string;
      quantity: number;
      splitsize: number;
      price_type?: string;
      product?: string;
    } & Fields,
  ) {
    const {
      strategy = 'Python',
      symbol,
      action,
      exchange,
      quantity,
      splitsize,
      price_type = 'MARKET',
      product = 'MIS',
      ...kwargs
    } = o;
    return this.post('splitorder', {
      apikey: this.apiKey,
      strategy,
      symbol,
      action,
      exchange,
      quantity: String(quantity),
      splitsize: String(splitsize),
      pricetype: price_type,
      product,
      ...stringKwargs(kwargs),
    });
  }
  orderstatus(o: { order_id: string; strategy?: string }) {
    return this.post('orderstatus', {
      apikey: this.apiKey,
      strategy: o.strategy ?? 'Python',
      orderid: o.order_id,
    });
  }
  openposition(o: { strategy?: string; symbol: string; exchange: string; product: string }) {
    return this.post('openposition', {
      apikey: this.apiKey,
      strategy: o.strategy ?? 'Python',
      symbol: o.symbol,
      exchange: o.exchange,
      product: o.product,
    });
  }
  modifyorder(o: {
    order_id: string;
    strategy?: string;
    symbol: string;
    action: string;
    exchange: string;
    price_type?: string;
    product: string;
    quantity: number;
    price: number;
    disclosed_quantity?: number;
    trigger_price?: number;
  }) {
    return this.post('modifyorder', {
      apikey: this.apiKey,
      orderid: o.order_id,
      strategy: o.strategy ?? 'Python',
      symbol: o.symbol,
      action: o.action,
      exchange: o.exchange,
      pricetype: o.price_type ?? 'LIMIT',
      product: o.product,
      quantity: String(o.quantity),
      price: String(o.price),
      disclosed_quantity: String(o.disclosed_quantity ?? '0'),
      trigger_price: String(o.trigger_price ?? '0'),
    });
  }
  cancelorder(o: { order_id: string; strategy?: string }) {
    return this.post('cancelorder', {
      apikey: this.apiKey,
      orderid: o.order_id,
      strategy: o.strategy ?? 'Python',
    });
  }
  closeposition(o: { strategy?: string } = {}) {
    return this.post('closeposition', { apikey: this.apiKey, strategy: o.strategy ?? 'Python' });
  }
  cancelallorder(o: { strategy?: string } = {}) {
    return this.post('cancelallorder', { apikey: this.apiKey, strategy: o.strategy ?? 'Python' });
  }

  // account.py
  funds() {
    return this.post('funds', { apikey: this.apiKey });
  }
  orderbook() {
    return this.post('orderbook', { apikey: this.apiKey });
  }
  tradebook() {
    return this.post('tradebook', { apikey: this.apiKey });
  }
  positionbook() {
    return this.post('positionbook', { apikey: this.apiKey });
  }
  holdings() {
    return this.post('holdings', { apikey: this.apiKey });
  }
  analyzerstatus() {
    return this.post('analyzer', { apikey: this.apiKey });
  }
  analyzertoggle(mode: boolean) {
    return this.post('analyzer/toggle', { apikey: this.apiKey, mode });
  }
  margin(o: { positions: Fields[] }) {
    const positions = o.positions.map((p) => ({ price: '0', trigger_price: '0', ...numbersAsStrings(p) }));
    return this.post('margin', { apikey: this.apiKey, positions });
  }

  // data.py
  quotes(o: { symbol: string; exchange: string }) {
    return this.post('quotes', { apikey: this.apiKey, ...o });
  }
  multiquotes(o: { symbols: Array<{ symbol: string; exchange: string }> }) {
    return this.post('multiquotes', { apikey: this.apiKey, symbols: o.symbols });
  }
  depth(o: { symbol: string; exchange: string }) {
    return this.post('depth', { apikey: this.apiKey, ...o });
  }
  symbol(o: { symbol: string; exchange: string }) {
    return this.post('symbol', { apikey: this.apiKey, ...o });
  }
  search(o: { query: string; exchange?: string }) {
    return this.post('search', {
      apikey: this.apiKey,
      query: o.query,
      ...(o.exchange ? { exchange: o.exchange } : {}),
    });
  }
  history(o: {
    symbol: string;
    exchange: string;
    interval: string;
    start_date: string;
    end_date: string;
    source?: string;
  }) {
    return this.post('history', { apikey: this.apiKey, ...o, source: o.source ?? 'api' });
  }
  intervals() {
    return this.post('intervals', { apikey: this.apiKey });
  }
  expiry(o: { symbol: string; exchange: string; instrumenttype: string }) {
    return this.post('expiry', { apikey: this.apiKey, ...o });
  }
  instruments(o: { exchange: string }) {
    return this.get('instruments', { apikey: this.apiKey, exchange: o.exchange });
  }
  syntheticfuture(o: { underlying: string; exchange: string; expiry_date: string }) {
    return this.post('syntheticfuture', { apikey: this.apiKey, ...o });
  }

  // options.py
  optiongreeks(o: { symbol: string; exchange: string } & Fields) {
    const { symbol, exchange, ...kwargs } = o;
    return this.post('optiongreeks', { apikey: this.apiKey, symbol, exchange, ...rawKwargs(kwargs) });
  }
  optionsorder(
    o: {
      strategy?: string;
      underlying: string;
      exchange: string;
      strike_int?: number;
      offset: string;
      option_type: string;
      action: string;
      quantity: number;
      expiry_date?: string;
      price_type?: string;
      product?: string;
    } & Fields,
  ) {
    const {
      strategy = 'Python',
      underlying,
      exchange,
      strike_int,
      offset,
      option_type,
      action,
      quantity,
      expiry_date,
      price_type = 'MARKET',
      product = 'MIS',
      ...kwargs
    } = o;
    return this.post('optionsorder', {
      apikey: this.apiKey,
      strategy,
      underlying,
      exchange,
      offset,
      option_type,
      action,
      quantity: String(quantity),
      pricetype: price_type,
      product,
      ...(strike_int !== undefined ? { strike_int: String(strike_int) } : {}),
      ...(expiry_date !== undefined ? { expiry_date } : {}),
      ...stringKwargs(kwargs),
    });
  }
  optionsymbol(o: {
    strategy?: string;
    underlying: string;
    exchange: string;
    strike_int?: number;
    offset: string;
    option_type: string;
    expiry_date?: string;
  }) {
    const { strategy, strike_int, expiry_date, ...rest } = o;
    return this.post('optionsymbol', {
      apikey: this.apiKey,
      ...rest,
      ...(strategy !== undefined ? { strategy } : {}),
      ...(strike_int !== undefined ? { strike_int: String(strike_int) } : {}),
      ...(expiry_date !== undefined ? { expiry_date } : {}),
    });
  }
  /** `processed_legs`: quantity `int`, price/trigger_price `float`, only the fields the client forwards. */
  optionsmultiorder(o: {
    strategy: string;
    underlying: string;
    exchange: string;
    legs: Fields[];
    expiry_date?: string;
    strike_int?: number;
  }) {
    const legs = o.legs.map((leg) => {
      const out: Fields = {
        offset: leg.offset,
        option_type: leg.option_type,
        action: leg.action,
        quantity: Math.trunc(Number(leg.quantity)),
      };
      for (const key of ['expiry_date', 'pricetype', 'product'] as const) if (key in leg) out[key] = leg[key];
      for (const key of ['price', 'trigger_price'] as const) if (key in leg) out[key] = Number(leg[key]);
      if ('disclosed_quantity' in leg) out.disclosed_quantity = Math.trunc(Number(leg.disclosed_quantity));
      return out;
    });
    return this.post('optionsmultiorder', {
      apikey: this.apiKey,
      strategy: o.strategy,
      underlying: o.underlying,
      exchange: o.exchange,
      legs,
      ...(o.strike_int !== undefined ? { strike_int: Math.trunc(o.strike_int) } : {}),
      ...(o.expiry_date !== undefined ? { expiry_date: o.expiry_date } : {}),
    });
  }
  optionchain(o: { underlying: string; exchange: string; expiry_date?: string; strike_count?: number }) {
    return this.post('optionchain', {
      apikey: this.apiKey,
      underlying: o.underlying,
      exchange: o.exchange,
      ...(o.expiry_date !== undefined ? { expiry_date: o.expiry_date } : {}),
      ...(o.strike_count !== undefined ? { strike_count: Math.trunc(o.strike_count) } : {}),
    });
  }

  // utilities.py
  holidays(year?: number) {
    return this.post('market/holidays', { apikey: this.apiKey, ...(year !== undefined ? { year } : {}) });
  }
  timings(date: string) {
    return this.post('market/timings', { apikey: this.apiKey, date });
  }

  // telegram.py / whatsapp.py: application features this server does not carry.
  telegram(o: { username: string; message: string; priority?: number }) {
    return this.post('telegram/notify', {
      apikey: this.apiKey,
      username: o.username,
      message: o.message,
      priority: o.priority ?? 5,
    });
  }
  whatsapp(o: { message: string }) {
    return this.post('whatsapp/notify', { apikey: this.apiKey, message: o.message });
  }
}

/** strategy.py: `Strategy(host_url, webhook_id).strategyorder(symbol, action, position_size=None)`. */
export async function strategyorder(
  host: string,
  webhookId: string,
  symbol: string,
  action: string,
  positionSize?: number,
): Promise<ClientReply> {
  const message: Fields = { symbol, action: action.toUpperCase() };
  if (positionSize !== undefined) message.position_size = String(positionSize);
  const res = await request(`${host.replace(/\/+$/, '')}/strategy/webhook/${webhookId}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(message),
  });
  return { status: res.statusCode, body: (await res.body.json()) as ClientReply['body'] };
}
