export { keyFingerprint } from './account-info.js';
export { AUTH_TIMEOUT_CLOSE, CLOSE_GRACE_MS, SLOW_CONSUMER_CLOSE } from './client-session.js';
export { MAX_INSTRUMENTS_PER_CLIENT } from './client-subscriptions.js';
export {
  createFeedServer,
  DEFAULT_AUTH_TIMEOUT_MS,
  DEFAULT_FEED_PORT,
  DEFAULT_MAX_BUFFERED_AMOUNT,
  DEFAULT_MAX_PAYLOAD_BYTES,
  DEFAULT_PING_INTERVAL_MS,
  type FeedServer,
  type FeedServerOptions,
  type FeedStats,
  SHUTDOWN_CLOSE,
} from './feed-server.js';
export { deliveryModes, marketDataPayload } from './market-data.js';
export { FEED_ERROR_CODES, type FeedErrorCode } from './messages.js';
export { MODE_LABELS, type ModeLabel, type ModeNumber, parseMode } from './modes.js';
export { type OrderVenue, orderUpdateMessage } from './order-updates.js';
