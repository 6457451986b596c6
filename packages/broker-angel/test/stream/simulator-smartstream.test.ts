import { ManualClock, type Tick } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { SyntheticMarket } from '@openalgo/sandbox';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { attachSmartStream, type SmartStreamEndpoint } from '../../src/simulator/smartstream/index.js';
import { createAngelMarketStream } from '../../src/stream/market-stream.js';
import { decodeSmartStreamPacket } from '../../src/stream/smartstream-decode.js';
import { eventually, JWT, NIFTY, SBIN, streamOptions } from './fake-smartstream.js';

const ROWS: Record<
  string,
  { tickSize: number; sandbox?: { symbol: string; exchange: 'NSE' | 'NSE_INDEX' } }
> = {
  'NSE|3045': { tickSize: 0.05, sandbox: { symbol: 'SBIN', exchange: 'NSE' } },
  'NSE|99926000': { tickSize: 0.05, sandbox: { symbol: 'NIFTY', exchange: 'NSE_INDEX' } },
  'NSE|11111': { tickSize: 0.05 },
};

let clock: ManualClock;
let market: SyntheticMarket;
let feed: SmartStreamEndpoint;
const sockets: WebSocket[] = [];

beforeEach(async () => {
  clock = new ManualClock();
  market = new SyntheticMarket({ clock });
  feed = await attachSmartStream({
    authorize: (c) =>
      c.jwt !== JWT
        ? 'Auth token'
        : c.apiKey !== 'api-key-1'
          ? 'API Key'
          : c.feedToken !== 'feed-token-1'
            ? 'Feed Token'
            : true,
    lookup: (segment, token) => ROWS[`${segment}|${token}`],
    market,
    depth20: true,
    logger: new RecordingLogger(),
  });
});
afterEach(async () => {
  for (const socket of sockets.splice(0)) socket.terminate();
  await feed.close();
  market.close();
});

interface Client {
  socket: WebSocket;
  binary: Uint8Array[];
  texts: string[];
}

async function connect(authorization = JWT, extra: Record<string, string> = {}): Promise<Client> {
  const socket = new WebSocket(feed.url, {
    headers: {
      Authorization: authorization,
      'x-api-key': 'api-key-1',
      'x-client-code': 'A123456',
      'x-feed-token': 'feed-token-1',
      ...extra,
    },
  });
  sockets.push(socket);
  const client: Client = { socket, binary: [], texts: [] };
  socket.on('message', (data, isBinary) => {
    if (isBinary) client.binary.push(new Uint8Array(data as Buffer));
    else client.texts.push(String(data));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('error', reject);
  });
  return client;
}

const decodedOf = (client: Client) =>
  client.binary.map((b) => decodeSmartStreamPacket(b)).filter((t) => typeof t !== 'string');

describe('simulator SmartStream socket', () => {
  it('accepts the raw JWT (JS SDK) and Bearer (Python SDK); refuses bad credentials with 401', async () => {
    await connect(JWT);
    await connect(`Bearer ${JWT}`);
    for (const [authorization, extra] of [
      ['nope', {}],
      [JWT, { 'x-feed-token': 'stale' }],
    ] as const) {
      const err = await connect(authorization, extra).catch((e: unknown) => e as Error);
      expect(String(err)).toMatch(/Unexpected server response: 401/);
    }
    expect(feed.connectionCount).toBe(2);
  });

  it('subscribe without correlationID, one tokenList entry: the current packet at once, then one per market step', async () => {
    const client = await connect();
    client.socket.send(
      JSON.stringify({ action: 1, params: { mode: 3, tokenList: [{ exchangeType: 1, tokens: ['3045'] }] } }),
    );
    await eventually(() => client.binary.length === 1);
    const [first] = decodedOf(client);
    const snapshot = market.snapshotSync(SBIN);
    expect(first).toMatchObject({
      mode: 3,
      exchangeType: 1,
      token: '3045',
      ltp: snapshot.ltp,
      close: snapshot.prevClose,
    });
    expect(first?.bids?.[0]?.price).toBe(snapshot.bids[0]?.price);
    expect(client.binary[0]?.length).toBe(379);
    await clock.advance(1000);
    await eventually(() => client.binary.length === 2);
  });

  it('several tokenList entries (Python SDK), each mode its own subscription, modes 1 and 2 sized 51/123', async () => {
    const client = await connect();
    const tokenList = [
      { exchangeType: 1, tokens: ['3045'] },
      { exchangeType: '1', tokens: [99926000] },
    ];
    client.socket.send(
      JSON.stringify({ correlationID: 'abcde12345', action: 1, params: { mode: 1, tokenList } }),
    );
    client.socket.send(
      JSON.stringify({ action: 1, params: { mode: '2', tokenList: tokenList.slice(0, 1) } }),
    );
    await eventually(() => client.binary.length === 3);
    expect(client.binary.map((b) => b.length).sort()).toEqual([123, 51, 51]);
    client.binary.length = 0;
    await clock.advance(1000);
    await eventually(() => client.binary.length === 3);
    // Unsubscribing LTP leaves SBIN's Quote subscription.
    client.socket.send(JSON.stringify({ action: 0, params: { mode: 1, tokenList } }));
    client.socket.send('ping');
    await eventually(() => client.texts.includes('pong'));
    client.binary.length = 0;
    await clock.advance(1000);
    await eventually(() => client.binary.length === 1);
    expect(client.binary[0]?.length).toBe(123);
  });

  it('answers E1001 to malformed requests and Depth-20 off nse_cm, E1002 beyond 1000 pairs or 50 Depth-20 tokens', async () => {
    const client = await connect();
    const request = (
      correlationID: string | undefined,
      mode: number,
      exchangeType: number,
      tokens: string[],
    ) =>
      JSON.stringify({
        ...(correlationID ? { correlationID } : {}),
        action: 1,
        params: { mode, tokenList: [{ exchangeType, tokens }] },
      });
    const many = Array.from({ length: 1001 }, (_, i) => String(200_000 + i));
    client.socket.send('{"action":7}');
    client.socket.send(request('depth00001', 4, 2, ['3045']));
    client.socket.send(request('depth00002', 4, 1, many.slice(0, 51)));
    client.socket.send(request('limit00001', 1, 1, many));
    client.socket.send(request(undefined, 1, 1, many.slice(0, 1000)));
    client.socket.send(request('limit00002', 2, 1, ['3045']));
    await eventually(() => client.texts.length === 5);
    const frames = client.texts.map((t) => JSON.parse(t) as Record<string, string>);
    expect(frames.map((f) => [f.correlationID, f.errorCode])).toEqual([
      [undefined, 'E1001'],
      ['depth00001', 'E1001'],
      ['depth00002', 'E1002'],
      ['limit00001', 'E1002'],
      ['limit00002', 'E1002'],
    ]);
    expect(frames[4]?.errorMessage).toBe('Invalid Request. Subscription Limit Exceeded.');
  });

  it('Depth-20 (mode 4): 443 bytes, 20 levels a side of i32 quantity · i32 paise · i16 orders', async () => {
    const client = await connect();
    client.socket.send(
      JSON.stringify({ action: 1, params: { mode: 4, tokenList: [{ exchangeType: 1, tokens: ['3045'] }] } }),
    );
    await eventually(() => client.binary.length === 1);
    const packet = client.binary[0] as Uint8Array;
    const view = new DataView(packet.buffer, packet.byteOffset, packet.byteLength);
    const snapshot = market.snapshotSync(SBIN);
    expect(packet.length).toBe(443);
    expect([view.getUint8(0), view.getUint8(1)]).toEqual([4, 1]);
    expect(Number(view.getBigInt64(27, true))).toBe(snapshot.timestamp);
    expect(Number(view.getBigInt64(35, true))).toBe(clock.now());
    const level = (at: number) => [
      view.getInt32(at, true),
      view.getInt32(at + 4, true) / 100,
      view.getInt16(at + 8, true),
    ];
    const best = (l: (typeof snapshot.bids)[number] | undefined) => [l?.quantity, l?.price, l?.orders ?? 1];
    expect(level(43)).toEqual(best(snapshot.bids[0]));
    expect(level(43 + 4 * 10)).toEqual(best(snapshot.bids[4]));
    expect(level(43 + 5 * 10)).toEqual([0, 0, 0]);
    expect(level(243)).toEqual(best(snapshot.asks[0]));
    expect(level(433)).toEqual([0, 0, 0]);
  });

  it('without `depth20`, mode 4 is refused with E1001', async () => {
    const plain = await attachSmartStream({
      authorize: () => true,
      lookup: () => undefined,
      market,
      logger: new RecordingLogger(),
    });
    const socket = new WebSocket(plain.url);
    sockets.push(socket);
    const texts: string[] = [];
    socket.on('message', (data) => texts.push(String(data)));
    await new Promise<void>((resolve) => socket.once('open', () => resolve()));
    socket.send(
      JSON.stringify({
        correlationID: 'depth00001',
        action: 1,
        params: { mode: 4, tokenList: [{ exchangeType: 1, tokens: ['3045'] }] },
      }),
    );
    await eventually(() => texts.length === 1);
    expect(JSON.parse(texts[0] as string)).toMatchObject({ correlationID: 'depth00001', errorCode: 'E1001' });
    socket.terminate();
    await plain.close();
  });

  it('an unpriced (filler) token is accepted but silent', async () => {
    const client = await connect();
    client.socket.send(
      JSON.stringify({
        action: 1,
        params: { mode: 1, tokenList: [{ exchangeType: 1, tokens: ['11111', '3045'] }] },
      }),
    );
    await eventually(() => client.binary.length === 1);
    expect(decodedOf(client)[0]?.token).toBe('3045');
  });

  it('drives the adapter’s market stream end to end', async () => {
    const { options } = streamOptions(feed.url, { clock });
    const stream = createAngelMarketStream(options);
    const ticks: Tick[] = [];
    stream.onTick((t) => ticks.push(t));
    await stream.subscribe([SBIN], 'depth');
    await stream.subscribe([NIFTY], 'ltp');
    await eventually(() => ticks.length === 2);
    const sbin = ticks.find((t) => t.symbol === 'SBIN');
    expect(sbin).toMatchObject({ exchange: 'NSE', mode: 'depth', ltp: market.snapshotSync(SBIN).ltp });
    expect(sbin?.bids).toHaveLength(5);
    expect(ticks.find((t) => t.symbol === 'NIFTY')).toMatchObject({ exchange: 'NSE_INDEX', mode: 'ltp' });
    await clock.advance(1000);
    await eventually(() => ticks.length === 4);
    await stream.close();
    await eventually(() => feed.connectionCount === 0);
  });
});
