import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { Socket } from 'node:net';
import { connect as tlsConnect } from 'node:tls';
import type { Egress } from '../http/egress.js';
import { redactProxyUrl } from '../http/egress.js';

/** What `ws` hands `createConnection`: the parts of its http(s) request options a tunnel needs. */
interface TunnelTarget {
  host?: string | null;
  hostname?: string | null;
  port?: number | string | null;
  servername?: string;
  /** Set by `ws` for `wss:` (it uses https.request). */
  protocol?: string | null;
  defaultPort?: number | string;
  _defaultAgent?: { protocol?: string };
}

type OnCreate = (error: Error | null, socket?: Socket) => void;

/**
 * Options `ws` (and Node's http.request under it) understand that make the upgrade's connection
 * leave from `egress`: `localAddress`, or a `createConnection` that opens an HTTP CONNECT tunnel
 * through the proxy (TLS on top for `wss:`). Merged into the options the ws factory hands `create`.
 */
export interface WsEgressOptions {
  localAddress?: string;
  createConnection?: (options: TunnelTarget, onCreate: OnCreate) => undefined;
}

export function wsEgressOptions(egress: Egress): WsEgressOptions {
  if (egress.localAddress !== undefined) return { localAddress: egress.localAddress };
  const proxy = egress.proxy;
  if (proxy === undefined) return {};
  return { createConnection: (target, onCreate) => openTunnel(proxy, target, onCreate) };
}

function openTunnel(proxy: string, target: TunnelTarget, onCreate: OnCreate): undefined {
  const proxyUrl = new URL(proxy);
  const host = String(target.hostname ?? target.host ?? '');
  const secure =
    target.protocol === 'https:' ||
    target._defaultAgent?.protocol === 'https:' ||
    Number(target.defaultPort) === 443;
  const port = Number(target.port) || (secure ? 443 : 80);
  const authority = host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
  const headers: Record<string, string> = { host: authority };
  if (proxyUrl.username !== '' || proxyUrl.password !== '') {
    const user = decodeURIComponent(proxyUrl.username);
    const password = decodeURIComponent(proxyUrl.password);
    headers['proxy-authorization'] = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
  }
  const send = proxyUrl.protocol === 'https:' ? httpsRequest : httpRequest;
  const connect = send({
    host: proxyUrl.hostname.replace(/^\[|\]$/g, ''),
    port: Number(proxyUrl.port) || (proxyUrl.protocol === 'https:' ? 443 : 80),
    method: 'CONNECT',
    path: authority,
    headers,
    agent: false,
  });
  // The proxy's URL may carry a password: errors name it redacted.
  const where = redactProxyUrl(proxy);
  connect.once('connect', (response, socket) => {
    if (response.statusCode !== 200) {
      socket.destroy();
      onCreate(new Error(`proxy ${where} refused the tunnel to ${authority}: HTTP ${response.statusCode}`));
      return;
    }
    if (!secure) {
      onCreate(null, socket);
      return;
    }
    const servername = target.servername ?? host;
    onCreate(null, tlsConnect({ socket, servername }));
  });
  connect.once('error', (error) => {
    onCreate(new Error(`proxy ${where} could not be reached: ${error.message}`));
  });
  connect.end();
  return undefined;
}
