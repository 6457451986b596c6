import type { Clock, Logger, MarketStreams, SharedMarketStream } from '@openalgo/core';
import { WebSocket } from 'ws';
import type { AccountContext, AccountResolver } from '../accounts/types.js';
import type { BadKeyThrottle } from '../auth/bad-key-throttle.js';
import {
  apiKeyOf,
  brokerInfo,
  features,
  hasStream,
  keyFingerprint,
  MAX_API_KEY_LENGTH,
} from './account-info.js';
import { ClientOrderUpdates } from './client-order-updates.js';
import { ClientSubscriptions, type FrameSink } from './client-subscriptions.js';
import {
  errorReply,
  type FeedAction,
  FeedRequestError,
  type OutgoingMessage,
  parseIncoming,
  pongReply,
  supportedBrokers,
} from './messages.js';
import type { OrderUpdateHub } from './order-updates.js';
import { RequestQueue } from './request-queue.js';

export const AUTH_TIMEOUT_CLOSE = { code: 4401, reason: 'auth timeout' } as const;
export const SLOW_CONSUMER_CLOSE = { code: 4008, reason: 'slow consumer' } as const;
/** A peer that will not read our close frame is cut off after this long. */
export const CLOSE_GRACE_MS = 5_000;

/** What every session shares: the server's collaborators, limits and counters. */
export interface SessionContext {
  resolver: AccountResolver;
  streams: MarketStreams;
  /** The broker order streams behind `subscribe_orders`, shared by every client. */
  orders: OrderUpdateHub;
  clock: Clock;
  logger: Logger;
  authTimeoutMs: number;
  maxBufferedAmount: number;
  supportedBrokers?: () => readonly string[];
  /** Invalid keys per client address (shared with the REST API in the server). */
  badKeys: BadKeyThrottle;
  counters: { messagesSent: number; slowConsumersDropped: number; authTimeouts: number };
  onClosed(session: ClientSession): void;
}

/**
 * One client connection speaking OpenAlgo's proxy protocol (docs/reference/openalgo-api.md §6). Requests are handled one
 * at a time in arrival order — a pipelined `authenticate` then `subscribe` works — and a client
 * that floods requests is throttled by no longer reading its socket.
 */
export class ClientSession implements FrameSink {
  private account: AccountContext | undefined;
  private feed: SharedMarketStream | undefined;
  private subscriptions: ClientSubscriptions | undefined;
  private readonly orders: ClientOrderUpdates;
  private readonly requests: RequestQueue;
  private closing = false;
  /** Cleared by each keepalive round, set by any sign of life. */
  alive = true;
  private readonly authWait = new AbortController();
  private readonly lifetime = new AbortController();
  private readonly log: Logger;
  /** The TCP peer, as the REST API counts invalid keys by (forwarding headers are not trusted). */
  private readonly address: string;
  private markClosed: () => void = () => undefined;
  /** Settles once the socket is fully closed. */
  readonly closed = new Promise<void>((resolve) => {
    this.markClosed = resolve;
  });

  constructor(
    readonly id: number,
    private readonly ws: WebSocket,
    private readonly ctx: SessionContext,
    remoteAddress: string | undefined,
  ) {
    this.log = ctx.logger.child({ client: id, remote: remoteAddress });
    this.address = remoteAddress ?? 'unknown';
    this.requests = new RequestQueue(ws, (err) => this.log.error({ err }, 'feed request crashed'));
    this.orders = new ClientOrderUpdates(ctx.orders, this);
    ws.on('message', (data, isBinary) => this.receive(data, isBinary));
    ws.on('pong', () => {
      this.alive = true;
    });
    ws.on('error', (err) => this.log.debug({ err }, 'client socket error'));
    ws.on('close', (code) => this.onSocketClosed(code));
    ctx.clock.sleep(ctx.authTimeoutMs, AbortSignal.any([this.authWait.signal, this.lifetime.signal])).then(
      () => this.onAuthTimeout(),
      () => undefined,
    );
  }

  get authenticated(): boolean {
    return this.account !== undefined;
  }

  get subscriptionCount(): number {
    return this.subscriptions?.size ?? 0;
  }

  /** Keepalive: a socket that did not answer the previous ping is dead and is terminated. */
  heartbeat(): boolean {
    // While we have stopped reading its socket (request flood), its pongs cannot reach us.
    if (!this.alive && !this.requests.paused) {
      this.log.info({}, 'client missed a keepalive ping: terminating');
      this.ws.terminate();
      return false;
    }
    this.alive = false;
    if (this.ws.readyState === WebSocket.OPEN) this.ws.ping();
    return true;
  }

  sendFrame(text: string | Buffer): boolean {
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return false;
    if (this.ws.bufferedAmount > this.ctx.maxBufferedAmount) {
      this.ctx.counters.slowConsumersDropped++;
      this.log.warn({ bufferedAmount: this.ws.bufferedAmount }, 'slow consumer: dropping client');
      this.close(SLOW_CONSUMER_CLOSE.code, SLOW_CONSUMER_CLOSE.reason);
      return false;
    }
    // Bytes are sent as a text frame: they are a JSON message encoded once for every client.
    this.ws.send(text, { binary: false });
    this.ctx.counters.messagesSent++;
    return true;
  }

  /** Starts the closing handshake, releases everything at once and cuts a silent peer off later. */
  close(code: number, reason: string): void {
    if (this.closing) return;
    this.release();
    this.ws.close(code, reason);
    this.ctx.clock.sleep(CLOSE_GRACE_MS, this.lifetime.signal).then(
      () => this.ws.terminate(),
      () => undefined,
    );
  }

  sendMessage(message: OutgoingMessage): void {
    this.sendFrame(JSON.stringify(message));
  }

  private receive(data: WebSocket.RawData, isBinary: boolean): void {
    this.alive = true;
    if (this.closing) return;
    const text = isBinary
      ? null
      : Array.isArray(data)
        ? Buffer.concat(data).toString('utf8')
        : data.toString();
    this.requests.push(() => this.handle(text));
  }

  private async handle(text: string | null): Promise<void> {
    if (this.closing) return;
    if (text === null) {
      this.sendMessage(errorReply('INVALID_JSON', 'Invalid JSON message: send text frames'));
      return;
    }
    const incoming = parseIncoming(text);
    if (!incoming.ok) {
      this.sendMessage(errorReply(incoming.code, incoming.message, incoming.body?.request_id));
      return;
    }
    try {
      await this.dispatch(incoming.action, incoming.body);
    } catch (err) {
      if (err instanceof FeedRequestError) {
        this.sendMessage(errorReply(err.code, err.message, incoming.body.request_id));
        return;
      }
      this.log.error({ err, action: incoming.action }, 'feed request failed');
      this.sendMessage(
        errorReply('SERVER_ERROR', 'Internal error while processing the request', incoming.body.request_id),
      );
    }
  }

  private async dispatch(action: FeedAction, body: Record<string, unknown>): Promise<void> {
    if (action === 'authenticate') return this.authenticate(body);
    if (action === 'ping') return this.sendMessage(pongReply(body, this.ctx.clock.now()));
    const subscriptions = this.subscriptions;
    const account = this.account;
    if (!subscriptions || !account)
      throw new FeedRequestError('NOT_AUTHENTICATED', 'You must authenticate first');
    switch (action) {
      case 'subscribe': {
        const outcome = await subscriptions.subscribe(body);
        if (this.closing) return;
        this.sendMessage(outcome.reply);
        outcome.afterReply();
        return;
      }
      case 'unsubscribe':
        return this.sendMessage(await subscriptions.unsubscribe(body));
      case 'unsubscribe_all':
        return this.sendMessage(await subscriptions.unsubscribeAll(body));
      case 'subscribe_orders':
        return this.sendMessage(this.orders.subscribe(account, body));
      case 'unsubscribe_orders':
        return this.sendMessage(this.orders.unsubscribe(body));
      case 'get_broker_info':
        return this.sendMessage(brokerInfo(account, this.feed));
      case 'get_supported_brokers':
        return this.sendMessage(supportedBrokers(this.ctx.supportedBrokers?.() ?? [account.broker]));
    }
  }

  private async authenticate(body: Record<string, unknown>): Promise<void> {
    const apiKey = apiKeyOf(body);
    if (apiKey === undefined) return this.authFailed('AUTHENTICATION_ERROR', 'API key is required');
    const fingerprint = keyFingerprint(apiKey);
    if (apiKey.length > MAX_API_KEY_LENGTH) return this.authFailed('AUTHENTICATION_ERROR', 'Invalid API key');
    // An address past its invalid-key budget is refused without a lookup, as the REST API does.
    const blockedMs = this.ctx.badKeys.waitFor(this.address);
    if (blockedMs > 0) {
      const seconds = Math.max(1, Math.ceil(blockedMs / 1000));
      this.log.warn(
        { key: fingerprint, retryAfterS: seconds },
        'feed authentication refused: too many invalid keys',
      );
      return this.authFailed(
        'AUTHENTICATION_ERROR',
        `Too many invalid API keys from this address; try again in ${seconds} s`,
      );
    }
    const resolution = await this.ctx.resolver.resolveApiKey(apiKey);
    if (this.closing) return;
    if (!resolution.ok) {
      if (resolution.reason === 'invalid_key') this.ctx.badKeys.recordInvalid(this.address);
      this.log.warn({ key: fingerprint, reason: resolution.reason }, 'feed authentication failed');
      // A valid key whose broker login is missing or expired is the broker's problem, as in OpenAlgo.
      const code = resolution.reason === 'invalid_key' ? 'AUTHENTICATION_ERROR' : 'BROKER_ERROR';
      return this.authFailed(code, resolution.message);
    }
    const account = resolution.account;
    // The login's one stream; also hands it the account's adapter, the newest after a fresh login.
    const feed = this.ctx.streams.streamFor(account, account.dataAdapter);
    if (this.feed !== feed) {
      // Another broker login: what this client held on the old one is released, not carried over.
      this.subscriptions?.releaseAll();
      this.feed = feed;
      this.subscriptions = new ClientSubscriptions(
        feed,
        this,
        account.broker,
        account.instruments,
        hasStream(account),
      );
    }
    // Order updates are the account's own: another account's key does not inherit them.
    if (this.account?.accountId !== account.accountId) this.orders.releaseAll();
    this.account = account;
    this.authWait.abort();
    this.log.info(
      { key: fingerprint, broker: account.broker, accountId: account.accountId },
      'feed client authenticated',
    );
    this.sendMessage({
      type: 'auth',
      status: 'success',
      message: 'Authentication successful',
      broker: account.broker,
      user_id: account.userId,
      supported_features: features(account),
    });
  }

  /** `type: 'auth'` is added to OpenAlgo's error shape so clients waiting on the auth reply see it. */
  private authFailed(code: 'AUTHENTICATION_ERROR' | 'BROKER_ERROR', message: string): void {
    this.sendMessage({ type: 'auth', ...errorReply(code, message) });
  }

  private onAuthTimeout(): void {
    if (this.account || this.closing) return;
    this.ctx.counters.authTimeouts++;
    this.log.info({}, 'client did not authenticate in time: closing');
    this.close(AUTH_TIMEOUT_CLOSE.code, AUTH_TIMEOUT_CLOSE.reason);
  }

  private release(): void {
    if (this.closing) return;
    this.closing = true;
    this.requests.stop();
    this.authWait.abort();
    this.subscriptions?.releaseAll();
    this.orders.releaseAll();
  }

  private onSocketClosed(code: number): void {
    this.release();
    this.lifetime.abort();
    this.log.debug({ code }, 'client disconnected');
    this.ctx.onClosed(this);
    this.markClosed();
  }
}
