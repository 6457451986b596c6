/**
 * The shapes of `smartapi-javascript@1.0.27` these tests use (the package ships no typings). Written
 * from its source: `lib/smartapi-connect.js`, `lib/websocket2.0.js`, `lib/ws_orderupdates.js`,
 * `config/constant.js`.
 */

/** Every REST call resolves (never rejects): Angel's body on HTTP 200, `{status, message}` otherwise. */
export type SdkReply = Promise<SdkEnvelope>;

/** Angel's envelope in either spelling (§2.3), or the SDK's own `{status: <http code>, message}`. */
export interface SdkEnvelope {
  status?: boolean | number | string;
  success?: boolean;
  message?: string;
  errorcode?: string;
  errorCode?: string;
  // biome-ignore lint/suspicious/noExplicitAny: the SDK hands back whatever JSON Angel sent.
  data?: any;
}

export type Params = Record<string, unknown>;

export interface SmartApi {
  api_key: string;
  access_token: string | null;
  refresh_token: string | null;
  client_code: string | null;
  local_ip: string | null;
  mac_addr: string | null;
  public_ip: string | null;
  setAccessToken(token: string): void;
  setSessionExpiryHook(hook: () => void): void;
  getLoginURL(): string;
  generateSession(clientCode: string, password: string, totp: string): SdkReply;
  generateToken(refreshToken: string): SdkReply;
  /** Without a client code it returns `{status: 500, …}` synchronously, with no request. */
  logout(clientCode: string | null): SdkReply | SdkEnvelope;
  getProfile(): SdkReply;
  placeOrder(params: Params): SdkReply;
  modifyOrder(params: Params): SdkReply;
  cancelOrder(params: Params): SdkReply;
  getOrderBook(): SdkReply;
  getTradeBook(): SdkReply;
  getRMS(): SdkReply;
  getHolding(): SdkReply;
  getAllHolding(): SdkReply;
  getPosition(): SdkReply;
  convertPosition(params: Params): SdkReply;
  createRule(params: Params): SdkReply;
  modifyRule(params: Params): SdkReply;
  cancelRule(params: Params): SdkReply;
  ruleDetails(params: Params): SdkReply;
  ruleList(params: Params): SdkReply | SdkEnvelope;
  marketData(params: Params): SdkReply;
  searchScrip(params: Params): Promise<unknown>;
  indOrderDetails(uniqueOrderId: string): SdkReply;
  marginApi(params: Params): SdkReply;
  getCandleData(params: Params): SdkReply;
  getOIData(params: Params): SdkReply;
  estimateCharges(params: Params): SdkReply;
  verifyDis(params: Params): SdkReply;
  generateTPIN(params: Params): SdkReply;
  getTranStatus(params: Params): SdkReply;
  optionGreek(params: Params): SdkReply;
  gainersLosers(params: Params): SdkReply;
  putCallRatio(): SdkReply;
  nseIntraday(): SdkReply;
  bseIntraday(): SdkReply;
  oIBuildup(params: Params): SdkReply;
}

export interface SmartApiOptions {
  api_key: string;
  root?: string;
  timeout?: number;
  access_token?: string;
  refresh_token?: string;
  client_code?: string;
}

export type SmartApiConstructor = new (options: SmartApiOptions) => SmartApi;

/** Both socket classes take these four (the `feedtype` is the feed token). */
export interface SdkSocketParams {
  clientcode: string;
  jwttoken: string;
  apikey: string;
  feedtype: string;
}

/** `fetchData`'s request: one `tokenList` entry per call. */
export interface FetchDataRequest {
  correlationID?: string;
  action: 0 | 1;
  mode: 1 | 2 | 3 | 4;
  exchangeType: number;
  tokens: string[];
}

/** Decoded packets: every value a string, the token wrapped in literal quotes (§2.9). */
export type SdkTick = Record<string, unknown>;

export interface WebSocketV2 {
  /** Resolves on open. */
  connect(): Promise<unknown>;
  fetchData(request: FetchDataRequest): void;
  /** `tick` gets decoded binary packets, and text frames (`pong`, JSON errors) unparsed. */
  on(event: 'tick', callback: (data: SdkTick | string) => void): void;
  close(): void;
  /** From then on `connect()` rejects on a socket error instead of the SDK throwing it uncaught. */
  customError(): void;
  /** Reconnect after a close: `simple` waits `delayMs` each time, `exponential` multiplies it. */
  reconnection(type: 'simple' | 'exponential', delayMs: number, multiplier: number): void;
}

export interface WsOrderUpdates {
  connect(): Promise<unknown>;
  /** Every frame, as received (text: a string). */
  on(event: 'tick', callback: (data: unknown) => void): void;
  close(): void;
}

export type WebSocketV2Constructor = new (params: SdkSocketParams) => WebSocketV2;
export type WsOrderUpdatesConstructor = new (params: SdkSocketParams) => WsOrderUpdates;

/** `config/constant.js` `CONSTANTS`: both socket URLs and the ping interval (ms). */
export interface SdkConstants {
  websocketURL: string;
  wsclientupdatesURL: string;
  Interval: number;
}
