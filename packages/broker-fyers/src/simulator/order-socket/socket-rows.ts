/**
 * Book rows (REST names, as `/orders`, `/tradebook`, `/positions` return them) → the order socket's
 * own keys (brokers.md §3.9). The official JS SDK renames socket keys to REST names with fixed tables
 * (fyers-api-v3@1.9.0 `ordersocket/mapper.js`); these are the same pairs read the other way, so the
 * SDK turns what we send back into the REST row.
 */
type Row = Readonly<Record<string, unknown>>;

/** socket key → REST key. */
const ORDER_KEYS: readonly [string, string][] = [
  ['client_id', 'clientId'],
  ['id', 'id'],
  ['id_parent', 'parentId'],
  ['id_exchange', 'exchOrdId'],
  ['qty', 'qty'],
  ['qty_remaining', 'remainingQuantity'],
  ['qty_filled', 'filledQty'],
  ['price_limit', 'limitPrice'],
  ['price_stop', 'stopPrice'],
  ['price_traded', 'tradedPrice'],
  ['ord_type', 'type'],
  ['fy_token', 'fyToken'],
  ['exchange', 'exchange'],
  ['segment', 'segment'],
  ['symbol', 'symbol'],
  ['instrument', 'instrument'],
  ['oms_msg', 'message'],
  ['offline_flag', 'offlineOrder'],
  ['time_oms', 'orderDateTime'],
  ['validity', 'orderValidity'],
  ['product_type', 'productType'],
  ['tran_side', 'side'],
  ['ord_source', 'source'],
  ['symbol_exch', 'ex_sym'],
  ['symbol_desc', 'description'],
  ['ordertag', 'orderTag'],
];

const TRADE_KEYS: readonly [string, string][] = [
  ['id_fill', 'tradeNumber'],
  ['id', 'orderNumber'],
  ['qty_traded', 'tradedQty'],
  ['price_traded', 'tradePrice'],
  ['traded_val', 'tradeValue'],
  ['product_type', 'productType'],
  ['client_id', 'clientId'],
  ['id_exchange', 'exchangeOrderNo'],
  ['ord_type', 'orderType'],
  ['tran_side', 'side'],
  ['symbol', 'symbol'],
  ['fill_time', 'orderDateTime'],
  ['fy_token', 'fyToken'],
  ['exchange', 'exchange'],
  ['segment', 'segment'],
  ['ordertag', 'orderTag'],
];

const POSITION_KEYS: readonly [string, string][] = [
  ['symbol', 'symbol'],
  ['id', 'id'],
  ['buy_avg', 'buyAvg'],
  ['buy_qty', 'buyQty'],
  ['buy_val', 'buyVal'],
  ['sell_avg', 'sellAvg'],
  ['sell_qty', 'sellQty'],
  ['sell_val', 'sellVal'],
  ['net_avg', 'netAvg'],
  ['net_qty', 'netQty'],
  ['tran_side', 'side'],
  ['qty', 'qty'],
  ['product_type', 'productType'],
  ['pl_realized', 'realized_profit'],
  ['rbirefrate', 'rbiRefRate'],
  ['fy_token', 'fyToken'],
  ['exchange', 'exchange'],
  ['segment', 'segment'],
  ['day_buy_qty', 'dayBuyQty'],
  ['day_sell_qty', 'daySellQty'],
  ['cf_buy_qty', 'cfBuyQty'],
  ['cf_sell_qty', 'cfSellQty'],
  ['qty_multiplier', 'qtyMulti_com'],
  ['pl_total', 'pl'],
  ['cross_curr_flag', 'crossCurrency'],
  ['pl_unrealized', 'unrealized_profit'],
];

function rename(row: Row, keys: readonly [string, string][]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [socketKey, restKey] of keys) if (row[restKey] !== undefined) out[socketKey] = row[restKey];
  return out;
}

/**
 * The OMS status code the socket carries in `ord_status` for a REST status int. The JS SDK maps it
 * back with its table (11/12/20/21 → 4, 22–26/51–55/61–64/71/72 → 6, 90 → 2, 91/73 → 1, 92–94 → 5);
 * one code per status is enough. Expired (7) has no code in that table: it goes as cancelled.
 */
const OMS_CODE: Readonly<Record<number, number>> = { 1: 91, 2: 90, 4: 11, 5: 92, 6: 22, 7: 73 };

/** An order row as the socket sends it: socket keys, `ord_status` (OMS code) and `org_ord_status` (REST int). */
export function socketOrder(row: Row): Record<string, unknown> {
  const out = rename(row, ORDER_KEYS);
  const status = typeof row.status === 'number' ? row.status : Number(row.status);
  if (Number.isFinite(status)) {
    out.org_ord_status = status;
    out.ord_status = OMS_CODE[status] ?? 22;
  }
  return out;
}

export function socketTrade(row: Row): Record<string, unknown> {
  return rename(row, TRADE_KEYS);
}

export function socketPosition(row: Row): Record<string, unknown> {
  return rename(row, POSITION_KEYS);
}
