import { z } from 'zod';
import { defineBroker } from '../contract/define-broker.js';
import type { BrokerPlugin } from '../contract/plugin.js';
import { AuthFailedError } from '../errors/openalgo-error.js';
import type { Session } from '../model/session.js';
import type { FakeAdapterOptions } from './fake-account.js';
import { FakeAdapter } from './fake-adapter.js';
import { instrumentRow } from './instrument-row.js';
import { type FakeManifestOverrides, fakeManifest } from './manifest.js';

export const FakeBrokerConfigSchema = z.object({
  apiKey: z.string().min(1, { error: 'must not be empty' }),
  apiSecret: z.string().min(1, { error: 'must not be empty' }),
});
export type FakeBrokerConfig = z.infer<typeof FakeBrokerConfigSchema>;

export interface FakeBrokerOptions {
  /** Manifest fields to change; by default a redirect-login broker (api key and secret) doing everything. */
  manifest?: FakeManifestOverrides;
  /** Options for every adapter `create` builds (clock and manifest come from the plugin). */
  adapter?: Omit<FakeAdapterOptions, 'clock' | 'manifest'>;
  /** Which login parameters the broker accepts (default: `request_token=good`). */
  acceptLogin?: (params: Readonly<Record<string, string>>) => boolean;
  /** Gives the plugin's auth a `refresh` (absent by default, as for brokers that cannot refresh). */
  refresh?: (session: Session) => Promise<Session>;
}

/** What the fake broker saw and will do, for assertions and for steering logins. */
export interface FakeBrokerState {
  /** Parameters of every completeLogin, accepted or not. */
  logins: Array<Record<string, string>>;
  /** The session the next accepted login returns. */
  next: { userId: string; expiresAt: number };
  /** Every adapter `create` built, oldest first: program and inspect them; the plugin hands out guarded ones. */
  adapters: FakeAdapter[];
  /** How many adapters `create` built. */
  readonly created: number;
}

/** A one-row master so an account that downloads instruments at login has something to index. */
const SBIN = instrumentRow({
  symbol: 'SBIN',
  exchange: 'NSE',
  brsymbol: 'SBIN-EQ',
  token: '3045',
  name: 'STATE BANK OF INDIA',
});

/**
 * A whole broker plugin over `FakeAdapter`, declared with `defineBroker` so every adapter it creates
 * sits behind the real contract boundary (input parsing, NOT_SUPPORTED, session expiry on the runtime
 * clock). Login is a redirect to `fake-broker.invalid` whose `request_token` must be `good`.
 */
export function createFakeBroker(options: FakeBrokerOptions = {}): {
  plugin: BrokerPlugin<FakeBrokerConfig>;
  state: FakeBrokerState;
} {
  const manifestOverrides: FakeManifestOverrides = {
    id: 'fakebroker',
    auth: 'redirect',
    credentials: [
      { name: 'apiKey', label: 'API key' },
      { name: 'apiSecret', label: 'API secret', secret: true },
    ],
    ...options.manifest,
  };
  const manifest = fakeManifest(manifestOverrides);
  const accept = options.acceptLogin ?? ((params) => params.request_token === 'good');
  const adapters: FakeAdapter[] = [];
  const state: FakeBrokerState = {
    logins: [],
    next: { userId: 'AB1234', expiresAt: Date.UTC(2030, 0, 1) },
    adapters,
    get created() {
      return adapters.length;
    },
  };
  const plugin = defineBroker<FakeBrokerConfig>({
    manifest,
    configSchema: FakeBrokerConfigSchema,
    auth(config) {
      return {
        loginUrl: (loginState) =>
          `https://fake-broker.invalid/login?api_key=${encodeURIComponent(config.apiKey)}&state=${encodeURIComponent(loginState)}`,
        async completeLogin(params): Promise<Session> {
          state.logins.push({ ...params });
          if (!accept(params)) throw new AuthFailedError(`${manifest.id}: the broker refused the login`);
          return {
            broker: manifest.id,
            userId: state.next.userId,
            accessToken: 'tok-secret-123456',
            expiresAt: state.next.expiresAt,
            // A broker that can refresh hands out a refresh token, and keeps a PIN typed at login for it.
            ...(options.refresh ? { refreshToken: 'refresh-secret-123456' } : {}),
            ...(options.refresh && params.pin ? { loginSecrets: { pin: params.pin } } : {}),
          };
        },
        async logout() {},
        ...(options.refresh ? { refresh: options.refresh } : {}),
      };
    },
    create({ clock }) {
      const adapter = new FakeAdapter({
        instruments: [SBIN],
        ...options.adapter,
        clock,
        manifest: manifestOverrides,
      });
      adapters.push(adapter);
      return adapter;
    },
  });
  return { plugin, state };
}
