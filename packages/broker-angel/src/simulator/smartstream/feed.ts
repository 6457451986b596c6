import type { InstrumentRef } from '@openalgo/core';
import type { SimulatorSocket } from '@openalgo/testkit/simulator';
import { EXCHANGE_TYPE_OF_SEGMENT } from '../../stream/smartstream-packet.js';
import {
  errorFrame,
  type FeedMode,
  MAX_DEPTH_20_TOKENS,
  MAX_SUBSCRIPTIONS_PER_CONNECTION,
  pairKey,
  parseControl,
  SmartStreamClient,
} from './connection.js';
import { encodeSmartStreamPacket, type PacketData } from './encode.js';
import { encodeDepth20Packet } from './encode-depth.js';
import type { SmartStreamOptions } from './index.js';
import { packetFromSnapshot } from './snapshot-packet.js';

function encodePacket(mode: FeedMode, packet: PacketData, now: number): Buffer {
  return mode === 4 ? encodeDepth20Packet(packet, now) : encodeSmartStreamPacket(mode, packet);
}

const SEGMENT_OF_EXCHANGE_TYPE: ReadonlyMap<number, string> = new Map(
  Object.entries(EXCHANGE_TYPE_OF_SEGMENT).map(([segment, type]) => [type, segment]),
);

interface Watch {
  stop: () => void;
  subscribers: Set<SmartStreamClient>;
}

/** The connections of one SmartStream endpoint and the market watches they share. */
export class SmartStreamFeed {
  private readonly clients = new Set<SmartStreamClient>();
  private readonly watches = new Map<string, Watch>();
  private sequence = 0;

  constructor(private readonly options: SmartStreamOptions) {}

  get size(): number {
    return this.clients.size;
  }

  private now(): number {
    return (this.options.clock ?? this.options.market.clock)?.now() ?? 0;
  }

  accept(socket: SimulatorSocket): void {
    const client = new SmartStreamClient(socket);
    this.clients.add(client);
    socket.onMessage((data, isBinary) => {
      if (isBinary) return;
      const text = String(data);
      if (text === 'ping') socket.send('pong');
      else this.control(client, text);
    });
    socket.onClose(() => this.drop(client));
  }

  close(): void {
    for (const watch of this.watches.values()) watch.stop();
    this.watches.clear();
    this.clients.clear();
  }

  private drop(client: SmartStreamClient): void {
    if (!this.clients.delete(client)) return;
    for (const key of client.modes.keys()) this.release(client, key);
  }

  private control(client: SmartStreamClient, text: string): void {
    const request = parseControl(text);
    if ('problem' in request) {
      client.socket.send(
        errorFrame(request.correlationID, 'E1001', `Invalid Request Payload. (${request.problem})`),
      );
      return;
    }
    const { correlationID, mode } = request;
    if (mode === 4 && !this.options.depth20) {
      client.socket.send(
        errorFrame(
          correlationID,
          'E1001',
          'Invalid Request Payload. (this simulator serves Depth-20 only when told to)',
        ),
      );
      return;
    }
    if (mode === 4 && request.entries.some((e) => e.exchangeType !== 1)) {
      client.socket.send(
        errorFrame(correlationID, 'E1001', 'Invalid Request Payload. (Depth-20 is for exchangeType 1 only)'),
      );
      return;
    }
    const keys = request.entries.flatMap((e) => e.tokens.map((token) => pairKey(e.exchangeType, token)));
    if (request.action === 0) {
      for (const key of client.remove(keys, mode)) this.release(client, key);
      return;
    }
    const fresh = client.newPairs(keys, mode);
    const overDepth = mode === 4 && client.countIn(4) + fresh.length > MAX_DEPTH_20_TOKENS;
    if (overDepth || client.subscriptions + fresh.length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
      client.socket.send(errorFrame(correlationID, 'E1002', 'Invalid Request. Subscription Limit Exceeded.'));
      return;
    }
    client.add(fresh, mode);
    for (const key of fresh) {
      this.watch(client, key);
      this.sendCurrent(client, key, mode);
    }
  }

  /** The row behind a pair, if the sandbox prices it. */
  private priced(
    key: string,
  ): { ref: InstrumentRef; tickSize: number; exchangeType: number; token: string } | undefined {
    const bar = key.indexOf('|');
    const exchangeType = Number(key.slice(0, bar));
    const token = key.slice(bar + 1);
    const segment = SEGMENT_OF_EXCHANGE_TYPE.get(exchangeType);
    const row = segment === undefined ? undefined : this.options.lookup(segment, token);
    if (!row?.sandbox) return undefined;
    return {
      ref: { symbol: row.sandbox.symbol, exchange: row.sandbox.exchange },
      tickSize: row.tickSize,
      exchangeType,
      token,
    };
  }

  private watch(client: SmartStreamClient, key: string): void {
    let watch = this.watches.get(key);
    if (!watch) {
      const row = this.priced(key);
      if (!row) return;
      const subscribers = new Set<SmartStreamClient>();
      const stop = this.options.market.watch([row.ref], (snapshot) => {
        const packet = packetFromSnapshot(
          row.exchangeType,
          row.token,
          row.tickSize,
          ++this.sequence,
          snapshot,
        );
        const encoded = new Map<FeedMode, Buffer>();
        for (const subscriber of subscribers) {
          for (const mode of subscriber.modes.get(key) ?? []) {
            let bytes = encoded.get(mode);
            if (!bytes) {
              bytes = encodePacket(mode, packet, this.now());
              encoded.set(mode, bytes);
            }
            subscriber.socket.send(bytes);
          }
        }
      });
      watch = { stop, subscribers };
      this.watches.set(key, watch);
    }
    watch.subscribers.add(client);
  }

  /** A new pair gets the instrument's current packet at once. */
  private sendCurrent(client: SmartStreamClient, key: string, mode: FeedMode): void {
    const row = this.priced(key);
    if (!row) return;
    const snapshot = this.options.market.snapshotSync(row.ref);
    const packet = packetFromSnapshot(row.exchangeType, row.token, row.tickSize, ++this.sequence, snapshot);
    client.socket.send(encodePacket(mode, packet, this.now()));
  }

  private release(client: SmartStreamClient, key: string): void {
    const watch = this.watches.get(key);
    if (!watch) return;
    watch.subscribers.delete(client);
    if (watch.subscribers.size === 0) {
      watch.stop();
      this.watches.delete(key);
    }
  }
}
