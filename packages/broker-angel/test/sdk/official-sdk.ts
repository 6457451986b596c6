/**
 * The official SmartAPI client (`smartapi-javascript@1.0.27`), loaded so that nothing it does leaves
 * 127.0.0.1 and nothing it does kills the test process (brokers.md §2.11):
 *
 * - `public-ip`: the `SmartAPI` constructor asks OpenDNS (UDP) and then HTTPS sites for the host's
 *   public IP; without network that rejects ≈6 s later, unhandled, and Node ≥ 15 exits. Stubbed with a
 *   lookup that answers 127.0.0.1 without touching the network. The SDK reads the answer only after
 *   it has built its HTTP client, so `X-ClientPublicIP` still goes out as the literal `null`, exactly
 *   as from a real installation.
 * - `address`: the local IP/MAC lookup finds nothing on a loopback-only host, the SDK then sets
 *   `X-ClientLocalIP: undefined` and Node refuses every request (ERR_HTTP_INVALID_HEADER_VALUE).
 *   Stubbed with 127.0.0.1 and a zero MAC, answered synchronously as the real lookup does when the
 *   interface carries its MAC.
 * - `lib/winston_log.js`: the SDK logs every failed call with a winston File transport that creates
 *   `error.log` in the working directory and writes the request headers into it — the JWT and the
 *   API key included. Replaced with an in-memory log the tests can read.
 *
 * The SDK is CommonJS without an `exports` map, so each stub goes into Node's require cache under the
 * file name the SDK's own `require` resolves to, before the SDK's files are (re)loaded.
 */
import { createRequire } from 'node:module';
import { dirname, sep } from 'node:path';
import type {
  SdkConstants,
  SmartApiConstructor,
  WebSocketV2Constructor,
  WsOrderUpdatesConstructor,
} from './sdk-types.js';

const requireHere = createRequire(import.meta.url);
const SDK_MAIN = requireHere.resolve('smartapi-javascript');
/** `…/smartapi-javascript/` (the package root: `lib/`, `config/`). */
const SDK_ROOT = `${dirname(dirname(SDK_MAIN))}${sep}`;
const requireFromSdk = createRequire(SDK_MAIN);

/** What the stubbed lookups answer; tests assert the SDK's headers carry exactly these. */
export const STUB_LOCAL_IP = '127.0.0.1';
export const STUB_MAC = '00:00:00:00:00:00';

/** One entry the SDK's error logger was given (its `response` holds headers: never print it). */
export interface SdkErrorLogEntry {
  message: string;
  clientId: string | null;
}

export interface OfficialSdk {
  SmartAPI: SmartApiConstructor;
  WebSocketV2: WebSocketV2Constructor;
  WSOrderUpdates: WsOrderUpdatesConstructor;
  /** `config/constant.js`'s object: both socket classes read their URL from it when constructed. */
  CONSTANTS: SdkConstants;
  /** How often the SDK asked the (stubbed) network lookups: proves the stubs were the ones used. */
  readonly lookups: { publicIp: number; address: number };
  /** What the SDK logged as errors, in order (messages only are kept as text). */
  readonly errorLog: SdkErrorLogEntry[];
}

function cacheModule(filename: string, exports: unknown): void {
  // Node's loader returns `exports` of a cached, loaded entry without reading the file.
  requireHere.cache[filename] = {
    id: filename,
    filename,
    loaded: true,
    exports,
    children: [],
    paths: [],
  } as unknown as NodeJS.Module;
}

let loaded: OfficialSdk | undefined;

/** The SDK with its network lookups and file logger stubbed (one copy per test file's module graph). */
export function officialSdk(): OfficialSdk {
  if (loaded) return loaded;
  const lookups = { publicIp: 0, address: 0 };
  const errorLog: SdkErrorLogEntry[] = [];

  const address = (callback: (err: null, addrs: { ip: string; ipv6: string; mac: string }) => void) => {
    lookups.address += 1;
    callback(null, { ip: STUB_LOCAL_IP, ipv6: '::1', mac: STUB_MAC });
  };
  const publicIp = {
    v4: async () => {
      lookups.publicIp += 1;
      return STUB_LOCAL_IP;
    },
    v6: async () => {
      lookups.publicIp += 1;
      return '::1';
    },
  };
  const winstonLog = {
    errorLogger: {
      error(entry: { message?: unknown; clientId?: unknown }) {
        errorLog.push({
          message: String(entry.message),
          clientId: typeof entry.clientId === 'string' ? entry.clientId : null,
        });
      },
    },
  };

  // Drop any copy of the SDK loaded before the stubs (another file in the same worker).
  for (const key of Object.keys(requireHere.cache)) {
    if (key.startsWith(SDK_ROOT) && !key.includes(`${sep}node_modules${sep}`, SDK_ROOT.length)) {
      delete requireHere.cache[key];
    }
  }
  cacheModule(requireFromSdk.resolve('address'), address);
  cacheModule(requireFromSdk.resolve('public-ip'), publicIp);
  cacheModule(requireFromSdk.resolve('./winston_log'), winstonLog);

  const sdk = requireHere('smartapi-javascript') as {
    SmartAPI: SmartApiConstructor;
    WebSocketV2: WebSocketV2Constructor;
    WSOrderUpdates: WsOrderUpdatesConstructor;
  };
  const { CONSTANTS } = requireFromSdk('../config/constant.js') as { CONSTANTS: SdkConstants };
  loaded = { ...sdk, CONSTANTS, lookups, errorLog };
  return loaded;
}
