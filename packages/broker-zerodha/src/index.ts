import { defineBroker } from '@openalgo/core';
import { createZerodhaAdapter } from './adapter.js';
import { createZerodhaAuth } from './auth.js';
import { type ZerodhaConfig, ZerodhaConfigSchema } from './config.js';
import { ZERODHA_MANIFEST } from './manifest.js';

/** The Zerodha (Kite Connect v3) broker plugin. */
const zerodha = defineBroker<ZerodhaConfig>({
  manifest: ZERODHA_MANIFEST,
  configSchema: ZerodhaConfigSchema,
  auth: (config, runtime) => createZerodhaAuth(config, runtime),
  create: (context) => createZerodhaAdapter(context),
});

export default zerodha;

export { createZerodhaAdapter, type ZerodhaAdapterOptions } from './adapter.js';
export { createZerodhaAuth, kiteChecksum, kiteLoginUrl, kiteSessionExpiry } from './auth.js';
export { extractKiteFailure, kiteAuthorization } from './client.js';
export {
  KITE_API_URL,
  KITE_LOGIN_URL,
  KITE_WS_URL,
  type ZerodhaConfig,
  type ZerodhaConfigInput,
  ZerodhaConfigSchema,
} from './config.js';
export { kiteErrorTarget, mapKiteError } from './errors.js';
export { historyChunks, MAX_SPAN_DAYS } from './history.js';
export { openAlgoIndexName } from './index-names.js';
export { KITE_INSTRUMENT_COLUMNS, kiteInstrumentRow } from './instrument-row.js';
export { KITE_INTERVALS, KITE_RATE_LIMITS, ZERODHA_MANIFEST } from './manifest.js';
export { QUOTE_BATCH_SIZE } from './market-data.js';
export type { WebSocketFactory } from './reconnect.js';
export { KITE_ORDER_STATUSES, mapKiteStatus } from './status.js';
export { KiteMarketStream, KiteOrderStream, SUBSCRIBE_BATCH_SIZE, tickerUrl } from './stream.js';
export { compositeToken, quoteKey } from './symbols.js';
export {
  decodeFrame,
  decodePacket,
  type FrameStats,
  type KiteTick,
  type KiteTickMode,
  priceDivisor,
} from './ticker-decode.js';
