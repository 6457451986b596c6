import {
  type InstrumentRef,
  InvalidRequestError,
  instrumentKey,
  Listeners,
  type MarketStream,
  ReconnectingSocket,
  type StreamMode,
  StreamModeSchema,
  type StreamStatus,
  type Tick,
  type Unsubscribe,
  wsSocketFactory,
} from '@openalgo/core';
import { type AccessTokenClaims, accessTokenClaims, defaultWebSocketFactory } from './fyers-socket.js';
import { decodeDataFrame, type HsmTopic, HsmTopics, ITEM_LITE } from './hsm-decode.js';
import { parseFieldMap } from './hsm-field-map.js';
import {
  encodeAck,
  encodeChannels,
  encodeConnect,
  encodeMode,
  encodeTopics,
  HSM_CONNECT,
  HSM_DATA,
  HSM_MAX_TOPICS_PER_FRAME,
  HSM_RESUME,
  HSM_SUBSCRIBE,
  HSM_UNSUBSCRIBE,
  PING_FRAME,
  readConnectReply,
} from './hsm-frames.js';
import { channelOf, checkCapacity, FULL_CHANNEL, LITE_CHANNEL, type Route, topicsOf } from './hsm-routes.js';
import { depthLevels, indexTick, scripTick, type TickPositions, tickPositions } from './hsm-ticks.js';
import { topicsFor } from './hsm-topics.js';
import type { FyersStreamOptions } from './options.js';
import { Pinger } from './pinger.js';

/** The Python SDK pings every 10 s; we do the same so an idle link is not dropped by the far end. */
export const PING_INTERVAL_MS = 10_000;

const EXPIRED_REASON =
  'Fyers refused the access token on the data socket (daily token rollover): the session has expired, log in again';

/**
 * The Fyers HSM market feed (brokers.md §3.9). On every (re)connect: connect with the access token's
 * `hsm_key`, read the field map and ack count from the reply, set the lite/full channel modes, resume
 * them and resubscribe everything. Data frames are acknowledged every `ackCount` frames with the
 * latest message number. Index topics (`if|`) and scrip topics (`sf|`) are kept apart by their full
 * topic name, so an index quote can never reach a stock that shares its exchange token (#1093).
 *
 * A refused connect (`'N'`), a 401/403 on the upgrade or an access token whose `exp` has passed
 * ends the stream with a session-expired reason instead of reconnecting for ever (#1419); a silent
 * link is dropped by core's stall watchdog and reconnected (#810).
 */
class FyersMarketStream implements MarketStream {
  private readonly routes = new Map<string, Route>();
  private readonly byTopic = new Map<string, Route>();
  private readonly ticks: Listeners<Tick>;
  private readonly statuses: Listeners<StreamStatus>;
  private readonly socket: ReconnectingSocket;
  private readonly claims: AccessTokenClaims;
  private readonly topics = new HsmTopics();
  private positions: TickPositions = tickPositions(this.topics.map);
  private authenticated = false;
  private ackCount = 0;
  private unacked = 0;
  private closed = false;
  private expired = false;
  private readonly pinger: Pinger;

  constructor(private readonly options: FyersStreamOptions) {
    this.pinger = new Pinger(options.clock, PING_INTERVAL_MS, () => this.send(PING_FRAME));
    this.claims = accessTokenClaims(options.accessToken);
    this.ticks = new Listeners(options.logger, 'tick');
    this.statuses = new Listeners(options.logger, 'stream status');
    this.socket = new ReconnectingSocket({
      url: options.url,
      // The SDKs send no auth header (auth is in-band); OpenAlgo's Authorization is accepted, not needed.
      headers: {},
      policy: {
        initialDelayMs: options.reconnect.initialMs,
        maxDelayMs: options.reconnect.maxMs,
        maxAttempts: options.reconnect.maxAttempts,
        stallMs: options.stallMs,
      },
      clock: options.clock,
      logger: options.logger,
      socket: wsSocketFactory(options.webSocket ?? defaultWebSocketFactory, {
        ...(options.egress ? { egress: options.egress } : {}),
      }),
      peer: 'Fyers',
      onOpen: () => this.handleOpen(),
      onBinary: (frame) => this.handleFrame(frame),
      onText: (text) =>
        options.logger.warn({ length: text.length }, 'stream: unexpected text frame on the HSM socket'),
    });
    this.socket.onStatus((status) => {
      if (status.state !== 'open') this.pinger.stop();
      if (!this.expired) this.statuses.emit(status);
    });
  }

  async subscribe(instruments: readonly InstrumentRef[], mode: StreamMode): Promise<void> {
    if (this.closed) throw new InvalidRequestError('The market stream is closed: open a new one');
    const checked = StreamModeSchema.safeParse(mode);
    if (!checked.success) {
      throw new InvalidRequestError(`Invalid stream mode "${String(mode)}": must be ltp, quote or depth`, {
        field: 'mode',
      });
    }
    // Resolve everything first: one unknown symbol subscribes nothing.
    const resolved = instruments.map((ref) => {
      const row = this.options.instruments.resolve(ref.symbol, ref.exchange);
      const topics = topicsFor(row);
      const route: Route = {
        ref: { symbol: ref.symbol, exchange: ref.exchange },
        mode: checked.data,
        quoteTopic: topics.quote,
        depthTopic: topics.depth,
        index: topics.index,
      };
      return route;
    });
    checkCapacity(this.routes, resolved);
    const added: Route[] = [];
    for (const route of resolved) {
      const key = instrumentKey(route.ref);
      const previous = this.routes.get(key);
      if (previous && previous.mode === route.mode) continue;
      if (previous) this.drop(previous);
      this.routes.set(key, route);
      for (const topic of topicsOf(route)) this.byTopic.set(topic, route);
      added.push(route);
    }
    if (!this.socket.isOpen) this.socket.start();
    else if (this.authenticated) this.sendSubscriptions(added);
  }

  async unsubscribe(instruments: readonly InstrumentRef[]): Promise<void> {
    for (const ref of instruments) {
      const route = this.routes.get(instrumentKey(ref));
      if (route) this.drop(route);
    }
  }

  onTick(listener: (tick: Tick) => void): Unsubscribe {
    return this.ticks.add(listener);
  }

  onStatus(listener: (status: StreamStatus) => void): Unsubscribe {
    return this.statuses.add(listener);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.pinger.stop();
    this.routes.clear();
    this.byTopic.clear();
    await this.socket.close();
    this.ticks.clear();
    this.statuses.clear();
  }

  private drop(route: Route): void {
    this.routes.delete(instrumentKey(route.ref));
    const topics = topicsOf(route);
    for (const topic of topics) if (this.byTopic.get(topic) === route) this.byTopic.delete(topic);
    if (this.authenticated) this.send(encodeTopics(HSM_UNSUBSCRIBE, topics, channelOf(route.mode)));
  }

  /** HSM is binary both ways: every request travels as a binary frame. */
  private send(frame: Uint8Array): void {
    this.socket.send(frame);
  }

  private handleOpen(): void {
    this.authenticated = false;
    this.unacked = 0;
    const { expiresAtMs } = this.claims;
    if (expiresAtMs !== undefined && expiresAtMs <= this.options.clock.now()) {
      void this.expire('the access token expired before the data socket could connect');
      return;
    }
    this.send(encodeConnect(this.claims.hsmKey));
    this.pinger.start();
  }

  private handleFrame(frame: Uint8Array): void {
    if (frame.byteLength < 3) return;
    const type = frame[2];
    if (type === HSM_DATA) this.handleData(frame);
    else if (type === HSM_CONNECT) this.handleConnectReply(frame);
    else if (frame.byteLength >= 8 && frame[7] !== 0x4b) {
      this.options.logger.warn({ type }, 'stream: Fyers refused a data-socket request');
    }
  }

  private handleConnectReply(frame: Uint8Array): void {
    const reply = readConnectReply(frame);
    if (!reply?.ok) {
      void this.expire(reply ? 'Fyers refused the hsm_key' : 'unreadable connect reply');
      return;
    }
    const { map, problem } = parseFieldMap(reply.fieldMap);
    if (problem) this.options.logger.warn({ problem }, 'stream: using the documented HSM field order');
    this.topics.reset(map);
    this.positions = tickPositions(map);
    this.ackCount = reply.ackCount;
    this.authenticated = true;
    this.send(encodeMode([LITE_CHANNEL], 'lite'));
    this.send(encodeMode([FULL_CHANNEL], 'full'));
    this.send(encodeChannels(HSM_RESUME, [LITE_CHANNEL, FULL_CHANNEL]));
    this.sendSubscriptions([...this.routes.values()]);
  }

  private sendSubscriptions(routes: readonly Route[]): void {
    for (const channel of [LITE_CHANNEL, FULL_CHANNEL]) {
      const topics = routes.filter((r) => channelOf(r.mode) === channel).flatMap(topicsOf);
      for (let i = 0; i < topics.length; i += HSM_MAX_TOPICS_PER_FRAME) {
        this.send(encodeTopics(HSM_SUBSCRIBE, topics.slice(i, i + HSM_MAX_TOPICS_PER_FRAME), channel));
      }
    }
  }

  private handleData(frame: Uint8Array): void {
    const now = this.options.clock.now();
    const stats = decodeDataFrame(frame, this.topics, (topic, item) =>
      this.deliver(topic, item === ITEM_LITE, now),
    );
    if (stats.truncated || stats.unknown > 0) {
      this.options.logger.warn(
        { bytes: frame.byteLength, truncated: stats.truncated, unknownItems: stats.unknown },
        'stream: malformed HSM data frame',
      );
    }
    if (this.ackCount > 0 && ++this.unacked >= this.ackCount) {
      this.unacked = 0;
      this.send(encodeAck(stats.messageNumber));
    }
  }

  private deliver(topic: HsmTopic, lite: boolean, now: number): void {
    // Late items for a topic unsubscribed a moment ago are dropped here.
    const route = this.byTopic.get(topic.name);
    if (!route) return;
    let tick: Tick | undefined;
    if (topic.kind === 'dp') {
      route.depth = topic;
      if (!route.quote) return;
      tick = scripTick(route.quote, route.ref, route.mode, this.positions, now);
    } else {
      route.quote = topic;
      const mode = lite ? 'ltp' : route.mode;
      tick = route.index
        ? indexTick(topic, route.ref, mode, this.positions, now)
        : scripTick(topic, route.ref, mode, this.positions, now);
    }
    if (!tick) return;
    if (tick.mode === 'depth' && route.depth) Object.assign(tick, depthLevels(route.depth, this.positions));
    this.ticks.emit(tick);
  }

  /** Ends the stream for good: retrying with a rolled-over token cannot succeed (#1419). */
  private async expire(detail: string): Promise<void> {
    if (this.expired || this.closed) return;
    this.expired = true;
    this.options.logger.warn({ detail }, 'stream: Fyers session expired on the data socket');
    this.statuses.emit({ state: 'closed', reason: EXPIRED_REASON });
    this.closed = true;
    this.pinger.stop();
    await this.socket.close();
    this.statuses.clear();
  }
}

export function createFyersMarketStream(o: FyersStreamOptions): MarketStream {
  return new FyersMarketStream(o);
}
