import { isIP } from 'node:net';
import { Agent, type Dispatcher, ProxyAgent } from 'undici';

/**
 * Where one account's broker traffic leaves this host from: a local address of this host to bind
 * outgoing connections to, or an HTTP(S) proxy to tunnel them through. Exactly one of the two.
 * SEBI wants API orders to come from the account's registered static IP, so two accounts on one
 * server may need two different source addresses.
 */
export interface Egress {
  /** An IPv4/IPv6 literal assigned to this host (`203.0.113.7`, `2001:db8::7`). */
  localAddress?: string;
  /** `http://[user:password@]host:port` or `https://…`; the credentials are secrets. */
  proxy?: string;
}

/** One problem with an egress setting, naming the field under `egress`. */
export interface EgressIssue {
  field: 'egress' | 'egress.localAddress' | 'egress.proxy';
  message: string;
}

export type EgressParse = { ok: true; egress: Egress } | { ok: false; issues: EgressIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Checks a raw `egress` setting. Messages never echo a proxy URL (it may carry a password); a local
 * address is not secret and is shown.
 */
export function parseEgress(value: unknown): EgressParse {
  if (!isRecord(value)) {
    return {
      ok: false,
      issues: [{ field: 'egress', message: 'must be an object: {"localAddress": "…"} or {"proxy": "…"}' }],
    };
  }
  const unknown = Object.keys(value).filter((k) => k !== 'localAddress' && k !== 'proxy');
  if (unknown.length > 0) {
    return {
      ok: false,
      issues: [
        { field: 'egress', message: `unknown setting ${unknown.join(', ')}: use localAddress or proxy` },
      ],
    };
  }
  const { localAddress, proxy } = value;
  if ((localAddress === undefined) === (proxy === undefined)) {
    return {
      ok: false,
      issues: [{ field: 'egress', message: 'name exactly one of localAddress or proxy' }],
    };
  }
  if (localAddress !== undefined) {
    if (typeof localAddress !== 'string' || isIP(localAddress) === 0) {
      const shown = typeof localAddress === 'string' ? ` (got ${JSON.stringify(localAddress)})` : '';
      return {
        ok: false,
        issues: [
          {
            field: 'egress.localAddress',
            message: `must be an IPv4 or IPv6 address of this host, such as 203.0.113.7${shown}`,
          },
        ],
      };
    }
    return { ok: true, egress: { localAddress } };
  }
  if (typeof proxy !== 'string' || !isHttpUrl(proxy)) {
    return {
      ok: false,
      issues: [
        {
          field: 'egress.proxy',
          message: 'must be an http(s) URL such as http://user:password@proxy.example:3128 (value not shown)',
        },
      ],
    };
  }
  return { ok: true, egress: { proxy } };
}

function isHttpUrl(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}

/** The proxy URL with any user name and password replaced by `***`, for logs, errors and status. */
export function redactProxyUrl(proxy: string): string {
  try {
    const url = new URL(proxy);
    const hadCredentials = url.username !== '' || url.password !== '';
    return `${url.protocol}//${hadCredentials ? '***@' : ''}${url.host}`;
  } catch {
    return '(invalid proxy URL)';
  }
}

/** `local address 203.0.113.7` or `proxy http://***@proxy.example:3128`: safe to log and show. */
export function describeEgress(egress: Egress): string {
  if (egress.localAddress !== undefined) return `local address ${egress.localAddress}`;
  if (egress.proxy !== undefined) return `proxy ${redactProxyUrl(egress.proxy)}`;
  return 'the default route';
}

/**
 * The undici dispatcher whose connections leave from `egress`: an Agent bound to the local address,
 * or a ProxyAgent tunnelling through the proxy (credentials in its URL become Proxy-Authorization).
 * The caller owns it and closes it when the account closes.
 */
export function createEgressDispatcher(egress: Egress): Dispatcher {
  // The client option, not `connect.localAddress`: undici's connector takes the address from its
  // client and would pass `null` over a `connect` option.
  if (egress.localAddress !== undefined) return new Agent({ localAddress: egress.localAddress });
  if (egress.proxy !== undefined) return new ProxyAgent({ uri: egress.proxy });
  throw new Error('egress names neither localAddress nor proxy');
}
