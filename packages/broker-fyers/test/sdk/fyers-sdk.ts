import { createRequire } from 'node:module';

/**
 * Loads the official Fyers JS SDK (`fyers-api-v3@1.9.0`) pointed at loopback hosts, as brokers.md
 * §3.11 explains: the SDK has no host option, every host hangs off the `Config` object of its
 * `config/config.js`, and the package has no `exports` map, so its files are required directly.
 *
 * - REST reads `Config.SYNC_API` / `Config.data_Api1` at call time: they may change per test.
 * - The data socket reads `Config.HSM_SOCKET` once, when `HSM/datasocket.min.js` is first loaded
 *   (the package index loads it), and is a per-process singleton: one data-socket host per process.
 * - The data socket's symbol lookup posts to the hard-coded `https://api-t1.fyers.in/data/symbol-token`
 *   through the `axiosInstance` the REST module exports; a request interceptor moves that one URL to
 *   `Config.data_Api1`, so any other hard-coded host still hits the loopback guard.
 * - The order socket reads `Config.Order_SOCKET` in its constructor.
 * - `Config.API` (legacy `https://api.fyers.in/api/v2`) serves only the PKCE token exchange; it is moved
 *   next to `Config.SYNC_API` (same origin, `/api/v2`).
 */
const require = createRequire(import.meta.url);

/** The one URL the SDK does not take from `Config` (HSM/datasocket.min.js, de-obfuscated). */
export const HARD_CODED_SYMBOL_TOKEN_URL = 'https://api-t1.fyers.in/data/symbol-token';

export interface FyersHosts {
  /** `…/api/v3` */
  api: string;
  /** `…/data` */
  data: string;
  /** The HSM socket; fixed for the process once the SDK is loaded. */
  dataSocket?: string;
  orderSocket?: string;
}

/** Every SDK reply: the Fyers envelope with the payload at top level (§3.3). */
export interface FyersReply {
  s: string;
  code: number;
  message: string;
  [key: string]: unknown;
}

/** The REST client (`fyersModel`), the methods these tests use, as `apiService.js` defines them. */
export interface FyersModel {
  AccessToken: string | null;
  AppID: string | null;
  setAppId(appId: string): void;
  setRedirectUrl(url: string): void;
  /** Stores `AppID:token`, the Authorization value of every later call. */
  setAccessToken(token: string): void;
  generateAuthCode(req?: { client_id?: string; redirect_uri?: string; state?: string }): string;
  /** Resolves with the error body instead of rejecting (the SDK catches it). */
  generate_access_token(req: {
    client_id?: string;
    secret_key: string;
    auth_code: string;
  }): Promise<FyersReply>;
  get_profile: FyersCall;
  get_funds: FyersCall;
  get_holdings: FyersCall;
  logout_user: FyersCall;
  /** Never settles on an HTTP error: its `.catch` logs and neither resolves nor rejects. */
  get_orders: FyersCall;
  get_filtered_orders: FyersCall;
  get_tradebook: FyersCall;
  get_positions: FyersCall;
  place_order: FyersCall;
  modify_order: FyersCall;
  cancel_order: FyersCall;
  exit_position: FyersCall;
  getQuotes: FyersCall;
  getMarketDepth: FyersCall;
  getHistory: FyersCall;
  [method: string]: unknown;
}

export type FyersCall = (req?: unknown) => Promise<FyersReply>;

export interface FyersDataSocket {
  FullMode: string;
  LiteMode: string;
  on(event: 'connect' | 'message' | 'error' | 'close', callback: (message: unknown) => void): void;
  connect(): void;
  subscribe(symbols: string[], depth?: boolean, channel?: number): Promise<void>;
  unsubscribe(symbols: string[], depth?: boolean, channel?: number): Promise<void>;
  mode(mode: string, channel?: number | number[]): void;
  isConnected(): boolean;
  close(): void;
}

export interface FyersOrderSocket {
  url: string;
  orderUpdates: string;
  tradeUpdates: string;
  positionUpdates: string;
  on(event: string, callback: (message: unknown) => void): void;
  connect(): void;
  subscribe(what: string | string[]): void;
  isConnected(): boolean;
  close(): void;
}

export interface FyersSdk {
  Config: Record<string, string>;
  FyersModel: new (options?: { enableLogging?: boolean; path?: string; Version?: string }) => FyersModel;
  DataSocket: {
    getInstance(token: string, logPath?: string, logging?: boolean): FyersDataSocket;
  };
  OrderSocket: new (token: string, logPath?: string, logging?: boolean) => FyersOrderSocket;
  /** The SDK's shared axios instance (REST and symbol-token both use it). */
  axiosInstance: {
    interceptors: {
      request: { use(fn: (config: { url?: string }) => unknown): number };
      response: {
        use(
          onFulfilled: ((reply: unknown) => unknown) | undefined,
          onRejected: (error: never) => unknown,
        ): number;
        eject(id: number): void;
      };
    };
    post(url: string, body: string, config: { headers: Record<string, string> }): Promise<unknown>;
  };
}

const CONFIG = 'fyers-api-v3/config/config.js';
const DATA_SOCKET = 'fyers-api-v3/HSM/datasocket.min.js';

let hsmCapturedAt: string | undefined;
let interceptorInstalled = false;

function isLoaded(id: string): boolean {
  return require.cache[require.resolve(id)] !== undefined;
}

/** Points the SDK at `hosts` (before it is first required when a data socket is wanted) and returns it. */
export function loadFyersSdk(hosts: FyersHosts): FyersSdk {
  const { Config } = require(CONFIG) as { Config: Record<string, string> };
  if (hosts.dataSocket !== undefined) {
    if (isLoaded(DATA_SOCKET) && hsmCapturedAt !== hosts.dataSocket) {
      throw new Error(
        `the SDK's data socket already captured ${hsmCapturedAt ?? Config.HSM_SOCKET}; it reads Config.HSM_SOCKET once per process`,
      );
    }
    Config.HSM_SOCKET = hosts.dataSocket;
  }
  Config.SYNC_API = hosts.api;
  Config.data_Api1 = hosts.data;
  // The legacy host is used only by the PKCE token exchange (`…/api/v2/validate-authcode`, §3.2).
  Config.API = hosts.api.replace(/\/api\/v3$/, '/api/v2');
  if (hosts.orderSocket !== undefined) Config.Order_SOCKET = hosts.orderSocket;
  const firstLoad = !isLoaded(DATA_SOCKET);
  const index = require('fyers-api-v3') as {
    fyersModel: FyersSdk['FyersModel'];
    fyersDataSocket: FyersSdk['DataSocket'];
    fyersOrderSocket: FyersSdk['OrderSocket'];
  };
  if (firstLoad) hsmCapturedAt = Config.HSM_SOCKET;
  const { axiosInstance } = require('fyers-api-v3/apiService/apiService.js') as Pick<
    FyersSdk,
    'axiosInstance'
  >;
  if (!interceptorInstalled) {
    axiosInstance.interceptors.request.use((config) => {
      if (config.url === HARD_CODED_SYMBOL_TOKEN_URL) config.url = `${Config.data_Api1}/symbol-token`;
      return config;
    });
    interceptorInstalled = true;
  }
  return {
    Config,
    FyersModel: index.fyersModel,
    DataSocket: index.fyersDataSocket,
    OrderSocket: index.fyersOrderSocket,
    axiosInstance,
  };
}

/**
 * A REST client as a Fyers user builds it, logging off: the SDK's logger would otherwise append every
 * call (the secret key and tokens included) to `<cwd>/<date>.log`.
 */
export function fyersClient(sdk: FyersSdk, appId: string, accessToken?: string): FyersModel {
  const client = new sdk.FyersModel({ enableLogging: false });
  client.setAppId(appId);
  if (accessToken !== undefined) client.setAccessToken(accessToken);
  return client;
}

/** One SDK method by name (the SDK's snake_case and camelCase names both occur). */
export function method(client: FyersModel, name: string): FyersCall {
  const fn = client[name];
  if (typeof fn !== 'function') throw new Error(`fyers-api-v3 has no method ${name}`);
  return fn as FyersCall;
}

/** The rejection of `promise` (fails the test if it resolves). */
export async function rejectionOf(promise: Promise<unknown>): Promise<FyersReply> {
  try {
    await promise;
  } catch (error) {
    return error as FyersReply;
  }
  throw new Error('expected the SDK call to fail, it succeeded');
}
