import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { type Clock, type Logger, noopLogger, systemClock } from '@openalgo/core';
import { parseBody, serialiseBody } from './body.js';
import { type ErrorBodyHook, FaultController } from './faults.js';
import {
  type Route,
  type RouteHandler,
  Router,
  type SimulatorRequest,
  type SimulatorResponse,
} from './router.js';

export interface SimulatorServerOptions {
  routes?: readonly Route[];
  /** Drives latency, slow bodies, token expiry and request timestamps. Defaults to the system clock. */
  clock?: Clock;
  /** Request lines at debug level: method, path and status only — never headers or bodies. */
  logger?: Logger;
  /** The broker's own 429 body (the fault's `body` hook wins over this). */
  rateLimitBody?: ErrorBodyHook;
  /** The broker's own 5xx body. */
  serverErrorBody?: ErrorBodyHook;
  /** Answer for a path no route knows (default: 404 JSON). */
  notFound?: RouteHandler;
}

export interface SimulatorServer {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  readonly port: number;
  /** For attaching a WebSocket endpoint on the same port. */
  readonly httpServer: Server;
  /** Every request received, oldest first, recorded before faults or handlers run. */
  readonly requests: readonly SimulatorRequest[];
  readonly faults: FaultController;
  route(route: Route): void;
  clearRequests(): void;
  close(): Promise<void>;
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function send(res: ServerResponse, response: SimulatorResponse): void {
  const { bytes, contentType } = serialiseBody(response.body);
  const headers: Record<string, string> = {
    ...(contentType ? { 'content-type': contentType } : {}),
    ...response.headers,
  };
  headers['content-length'] = String(bytes.length);
  res.writeHead(response.status ?? 200, headers);
  res.end(bytes);
}

/** Half of the body: cut JSON that no parser accepts, but with the right status and content type. */
function truncated(body: unknown): Buffer {
  const text = serialiseBody(body ?? { status: 'success', data: {} }).bytes.toString('utf8');
  return Buffer.from(text.slice(0, Math.max(1, Math.floor(text.length / 2))));
}

/**
 * A loopback HTTP server for a broker simulator: routes, request recording and the shared faults.
 * Listens on 127.0.0.1 on a free port.
 */
export async function createSimulatorServer(options: SimulatorServerOptions = {}): Promise<SimulatorServer> {
  const clock = options.clock ?? systemClock;
  const logger = (options.logger ?? noopLogger).child({ component: 'simulator' });
  const router = new Router(options.routes);
  const faults = new FaultController(clock);
  const requests: SimulatorRequest[] = [];

  async function respond(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const method = (req.method ?? 'GET').toUpperCase();
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const path = url.pathname;
    const rawBody = await readBody(req);
    const request: SimulatorRequest = {
      method,
      path,
      query: Object.fromEntries(url.searchParams),
      searchParams: url.searchParams,
      headers: req.headers,
      body: parseBody(rawBody, req.headers['content-type']),
      rawBody,
      params: {},
      at: clock.now(),
    };
    requests.push(request);

    const delay = faults.takeLatency(method, path);
    if (delay > 0) await clock.sleep(delay);

    const limited = faults.take('rateLimit', method, path);
    if (limited) {
      const hook = limited.body ?? options.rateLimitBody;
      return send(res, {
        status: 429,
        headers: { 'retry-after': String(limited.retryAfterSeconds) },
        body: hook ? hook(request) : { status: 'error', message: 'Too many requests' },
      });
    }
    const failed = faults.take('serverError', method, path);
    if (failed) {
      const hook = failed.body ?? options.serverErrorBody;
      return send(res, {
        status: failed.status,
        body: hook ? hook(request) : { status: 'error', message: 'Service unavailable' },
      });
    }

    const matched = router.match(method, path);
    let response: SimulatorResponse;
    if (!matched) {
      response = options.notFound
        ? await options.notFound(request)
        : {
            status: router.hasPath(path) ? 405 : 404,
            body: { status: 'error', message: `no route for ${method} ${path}` },
          };
    } else {
      request.params = matched.params;
      response = await matched.handler(request);
    }

    if (faults.take('resetAfterCommit', method, path)) {
      req.socket.destroy();
      return;
    }
    if (faults.take('malformedBody', method, path)) {
      return send(res, {
        status: 200,
        headers: { 'content-type': 'application/json' },
        body: truncated(response.body),
      });
    }
    const slow = faults.take('slowBody', method, path);
    if (slow) return sendSlowly(res, response, slow.chunks, slow.chunkDelayMs);
    send(res, response);
    logger.debug({ method, path, status: response.status ?? 200 }, 'simulator request');
  }

  async function sendSlowly(
    res: ServerResponse,
    response: SimulatorResponse,
    chunks: number,
    delayMs: number,
  ) {
    const { bytes, contentType } = serialiseBody(response.body);
    res.writeHead(response.status ?? 200, {
      ...(contentType ? { 'content-type': contentType } : {}),
      ...response.headers,
      'content-length': String(bytes.length),
    });
    const size = Math.max(1, Math.ceil(bytes.length / chunks));
    for (let offset = 0; offset < bytes.length; offset += size) {
      if (res.destroyed) return;
      res.write(bytes.subarray(offset, offset + size));
      await clock.sleep(delayMs);
    }
    if (!res.destroyed) res.end();
  }

  const httpServer = createServer((req, res) => {
    respond(req, res).catch((error: unknown) => {
      logger.error(
        { err: error, method: req.method, path: req.url?.split('?')[0] },
        'simulator handler failed',
      );
      if (!res.headersSent && !res.destroyed) {
        send(res, {
          status: 500,
          body: { status: 'error', message: `simulator handler failed: ${String(error)}` },
        });
      } else res.destroy();
    });
  });
  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(0, '127.0.0.1', () => {
      httpServer.off('error', reject);
      resolve();
    });
  });
  const { port } = httpServer.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    port,
    httpServer,
    requests,
    faults,
    route: (route) => router.add(route),
    clearRequests: () => {
      requests.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        httpServer.closeAllConnections();
        httpServer.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
