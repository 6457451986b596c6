/**
 * The simulator's Fyers HSM market-data socket (brokers.md §3.9, §3.11).
 *
 *   attachHsmSocket(options: AttachHsmSocketOptions): Promise<HsmSocketServer>
 *
 * Options: `server` (the simulator's SimulatorServer or a node http.Server; omit it for a loopback
 * server of its own), `path` (`/hsm/v1-5/prod`), and small callbacks — `isValidHsmKey(key)` (the
 * session check: the `hsm_key` of a live access token), `resolveTopic(kind, segment, key)` (`sf`/`dp`
 * with an exchange token, `if` with an index feed name → the instrument, or undefined),
 * `snapshot(instrument)` (the sandbox market's current quote) and `watch(instrument, listener)`
 * (calls `listener` on every change; returns a stop function). `ackCount` defaults to 1.
 *
 * Started alone (e.g. for the SDK oracle tests): call it without `server` and point the SDK's
 * `Config.HSM_SOCKET` at the returned `url` before requiring `fyers-api-v3`.
 *
 * Behaviour: nothing is sent until the client's connect frame; the connect ack always carries f2
 * ackCount ≥ 1 and f3 the field map; every data frame carries a message number; no client heartbeat
 * is required (the JS SDK sends none) and Python's `00 01 0b` pings, also before connect, are taken
 * silently (what the real server answers is [unverified]); client length prefixes are ignored; the
 * JS pause-all/resume burst and mode frames are honoured per channel. A refused key gets `'N'` and a
 * close; a key that stops being valid (token rollover) loses its connection at its next update.
 */
import type { Server } from 'node:http';
import type { Logger } from '@openalgo/core';
import type { MarketSnapshot } from '@openalgo/sandbox';
import {
  createSimulatorWebSocket,
  type SimulatorServer,
  type SimulatorSocket,
} from '@openalgo/testkit/simulator';
import { hsmFieldMapDocument } from './field-map.js';
import {
  clientFields,
  HsmConnection,
  type HsmFeedInstrument,
  type TopicState,
  topicList,
} from './hsm-connection.js';
import { connectAck, type DataItem, scaled, statusReply } from './hsm-encode.js';
import { depthValues, indexValues, scripValues } from './hsm-values.js';

export type { HsmFeedInstrument } from './hsm-connection.js';

export interface AttachHsmSocketOptions {
  server?: SimulatorServer | Server;
  path: string;
  isValidHsmKey(hsmKey: string): boolean;
  resolveTopic(kind: 'sf' | 'if' | 'dp', segment: string, key: string): HsmFeedInstrument | undefined;
  snapshot(instrument: HsmFeedInstrument): MarketSnapshot | undefined;
  watch(instrument: HsmFeedInstrument, listener: (snapshot: MarketSnapshot) => void): () => void;
  ackCount?: number;
  logger: Logger;
}

export interface HsmSocketServer {
  /** `ws://127.0.0.1:<port><path>` */
  readonly url: string;
  readonly connections: ReadonlySet<HsmConnection>;
  /** Kills every connection without a close frame (a network drop). */
  dropAll(): number;
  /** Stops sending while connections stay open (a frozen feed), until `resume`. */
  stall(): void;
  resume(): void;
  close(): Promise<void>;
}

interface Watch {
  stop: () => void;
  topics: Set<{ connection: HsmConnection; topic: TopicState }>;
}

export async function attachHsmSocket(options: AttachHsmSocketOptions): Promise<HsmSocketServer> {
  const ackCount = Math.max(1, options.ackCount ?? 1);
  const fieldMap = hsmFieldMapDocument();
  const connections = new Set<HsmConnection>();
  const watches = new Map<string, Watch>();

  const itemFor = (topic: TopicState, s: MarketSnapshot, snapshot: boolean, lite: boolean): DataItem => {
    const p = topic.instrument.precision;
    if (!snapshot && lite) return { kind: 'L', topicId: topic.id, ltp: scaled(s.ltp, p, 1) };
    const values =
      topic.kind === 'dp' ? depthValues(s, p) : topic.kind === 'if' ? indexValues(s, p) : scripValues(s, p);
    if (!snapshot) return { kind: 'U', topicId: topic.id, values };
    const i = topic.instrument;
    const tradingSymbol = i.ticker.slice(i.ticker.indexOf(':') + 1);
    return {
      kind: 'S',
      topicId: topic.id,
      topic: topic.name,
      values,
      multiplier: 1,
      precision: p,
      segment: i.segment,
      exchangeToken: i.exchangeToken,
      tradingSymbol,
    };
  };

  const push = (ticker: string, s: MarketSnapshot) => {
    const watch = watches.get(ticker);
    if (!watch) return;
    for (const { connection, topic } of watch.topics) {
      if (!connection.live(topic)) continue;
      if (connection.hsmKey && !options.isValidHsmKey(connection.hsmKey)) {
        connection.socket.close(1000, 'session expired');
        continue;
      }
      connection.send([itemFor(topic, s, false, connection.isLite(topic))]);
    }
  };

  const watchTopic = (connection: HsmConnection, topic: TopicState) => {
    const key = topic.instrument.ticker;
    let watch = watches.get(key);
    if (!watch) {
      const topics = new Set<{ connection: HsmConnection; topic: TopicState }>();
      const stop = options.watch(topic.instrument, (s) => push(key, s));
      watch = { stop, topics };
      watches.set(key, watch);
    }
    watch.topics.add({ connection, topic });
  };

  const unwatchTopic = (connection: HsmConnection, topic: TopicState) => {
    const key = topic.instrument.ticker;
    const watch = watches.get(key);
    if (!watch) return;
    for (const entry of watch.topics)
      if (entry.connection === connection && entry.topic === topic) watch.topics.delete(entry);
    if (watch.topics.size === 0) {
      watch.stop();
      watches.delete(key);
    }
  };

  const subscribe = (connection: HsmConnection, names: string[], channel: number) => {
    const added: TopicState[] = [];
    for (const name of names) {
      const [kind, segment, key] = name.split('|');
      if ((kind !== 'sf' && kind !== 'if' && kind !== 'dp') || !segment || !key) continue;
      const instrument = options.resolveTopic(kind, segment, key);
      if (!instrument) continue;
      const known = connection.topics.has(name);
      const topic = connection.addTopic(name, kind, channel, instrument);
      if (!known) watchTopic(connection, topic);
      added.push(topic);
    }
    connection.socket.send(statusReply(4, added.length > 0 || names.length === 0));
    // A subscription is answered with each topic's snapshot ('S'), which also tells the client its
    // topicId; one a frame, so a 1500-topic subscribe never outgrows the frame's u16 length.
    for (const topic of added) {
      const s = options.snapshot(topic.instrument);
      if (s) connection.send([itemFor(topic, s, true, false)]);
    }
  };

  const handle = (connection: HsmConnection, frame: Buffer) => {
    const type = frame[2];
    if (type === 11) {
      connection.pings++;
      return;
    }
    const fields = clientFields(frame);
    if (!fields) {
      options.logger.warn({ type, bytes: frame.byteLength }, 'hsm simulator: unreadable client frame');
      return;
    }
    if (type === 1) {
      const key = Buffer.from(fields.get(1) ?? []).toString('latin1');
      const ok = key.length > 0 && options.isValidHsmKey(key);
      connection.socket.send(connectAck(ok, ackCount, fieldMap));
      if (ok) connection.hsmKey = key;
      else connection.socket.close(1000, 'invalid hsm_key');
      return;
    }
    if (!connection.authenticated) {
      connection.socket.send(statusReply(type ?? 0, false));
      return;
    }
    const channels = HsmConnection.channels(fields.get(1) ?? new Uint8Array());
    switch (type) {
      case 3: {
        const n = fields.get(1);
        if (n && n.byteLength >= 4)
          connection.lastAcked = new DataView(n.buffer, n.byteOffset, 4).getUint32(0);
        connection.acks++;
        return;
      }
      case 4:
        subscribe(connection, topicList(fields.get(1)), fields.get(2)?.[0] ?? 11);
        return;
      case 5:
        for (const name of topicList(fields.get(1))) {
          const topic = connection.removeTopic(name);
          if (topic) unwatchTopic(connection, topic);
        }
        connection.socket.send(statusReply(5, true));
        return;
      case 7:
        for (const c of channels) connection.paused.add(c);
        connection.socket.send(statusReply(7, true));
        return;
      case 8:
        for (const c of channels) connection.paused.delete(c);
        connection.socket.send(statusReply(8, true));
        return;
      case 12: {
        const lite = fields.get(2)?.[0] === 0x4c;
        for (const c of channels) lite ? connection.lite.add(c) : connection.lite.delete(c);
        connection.socket.send(statusReply(12, true));
        return;
      }
      default:
        options.logger.warn({ type }, 'hsm simulator: unsupported request type');
    }
  };

  const accept = (socket: SimulatorSocket) => {
    const connection = new HsmConnection(socket);
    connections.add(connection);
    socket.onMessage((data, isBinary) => {
      if (isBinary && Buffer.isBuffer(data)) handle(connection, data);
    });
    socket.onClose(() => {
      connections.delete(connection);
      for (const topic of connection.topics.values()) unwatchTopic(connection, topic);
      connection.topics.clear();
    });
  };

  const endpoint = await createSimulatorWebSocket({
    ...(options.server ? { server: options.server } : {}),
    path: options.path,
    onConnection: accept,
  });

  return {
    url: endpoint.url,
    connections,
    dropAll: () => endpoint.dropAll(),
    stall: () => endpoint.stall(),
    resume: () => endpoint.resume(),
    async close() {
      for (const watch of watches.values()) watch.stop();
      watches.clear();
      connections.clear();
      await endpoint.close();
    },
  };
}
