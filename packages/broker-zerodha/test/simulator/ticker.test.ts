import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { decodeFrame, type KiteTick } from '../../src/stream/ticker-decode.js';
import { keysOf, mock, orderForm, startSimulator, type TestSimulator } from './support.js';

type Frame = { binary: true; bytes: Buffer } | { binary: false; text: string };

/** A ticker client that queues frames and hands them out as the test asks for them. */
class Client {
  private readonly frames: Frame[] = [];
  private waiting: (() => void) | undefined;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data, isBinary) => {
      const bytes = Buffer.isBuffer(data) ? data : Buffer.from(data as ArrayBuffer);
      this.frames.push(isBinary ? { binary: true, bytes } : { binary: false, text: bytes.toString('utf8') });
      this.waiting?.();
    });
  }

  send(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  /** The next frame that `accept`s, dropping the ones before it. */
  async next(accept: (frame: Frame) => boolean): Promise<Frame> {
    for (;;) {
      const index = this.frames.findIndex(accept);
      if (index >= 0) return this.frames.splice(0, index + 1)[index] as Frame;
      this.frames.length = 0;
      await new Promise<void>((resolve) => {
        this.waiting = resolve;
      });
    }
  }

  /** Ticks in the next binary frame with packets (heartbeats skipped). */
  async ticks(): Promise<KiteTick[]> {
    const frame = await this.next((f) => f.binary && f.bytes.length > 1);
    const ticks: KiteTick[] = [];
    if (frame.binary) decodeFrame(frame.bytes, (tick) => ticks.push(tick));
    return ticks;
  }

  /** Frames received so far, left in the queue. */
  pending(): readonly Frame[] {
    return this.frames;
  }
}

let t: TestSimulator;
const clients: WebSocket[] = [];
beforeEach(async () => {
  t = await startSimulator();
  t.sim.backdoor.setPrice('NSE:SBIN', 800);
});
afterEach(async () => {
  for (const ws of clients.splice(0)) ws.terminate();
  await t.close();
});

function open(query = `api_key=testkey&access_token=${t.accessToken}`): Promise<Client> {
  const ws = new WebSocket(`${t.sim.wsUrl}?${query}`, { headers: { 'X-Kite-Version': '3' } });
  clients.push(ws);
  const client = new Client(ws);
  return new Promise((resolve, reject) => {
    ws.once('open', () => resolve(client));
    ws.once('error', reject);
  });
}

const token = (exchange: string, symbol: string) =>
  t.sim.master.get(exchange, symbol)?.instrumentToken as number;

describe('ticker WebSocket', () => {
  it('refuses the handshake with 403 without a live api_key/access_token', async () => {
    await expect(open('api_key=testkey&access_token=wrong')).rejects.toThrow(/403/);
    await expect(open(`api_key=other&access_token=${t.accessToken}`)).rejects.toThrow(/403/);
  });

  it('answers a subscribe with a 44-byte quote packet (the default mode) at the current price', async () => {
    const client = await open();
    const sbin = token('NSE', 'SBIN');
    client.send({ a: 'subscribe', v: [sbin] });
    const frame = await client.next((f) => f.binary && f.bytes.length > 1);
    expect(frame.binary && frame.bytes.readUInt16BE(2)).toBe(44);
    const ticks: KiteTick[] = [];
    if (frame.binary) decodeFrame(frame.bytes, (tick) => ticks.push(tick));
    expect(ticks).toMatchObject([{ mode: 'quote', instrument_token: sbin, last_price: 800, tradable: true }]);
  });

  it('switches modes: full (184 bytes, 5+5 depth), ltp (8 bytes)', async () => {
    const client = await open();
    const sbin = token('NSE', 'SBIN');
    client.send({ a: 'subscribe', v: [sbin] });
    await client.ticks();
    client.send({ a: 'mode', v: ['full', [sbin]] });
    const [full] = await client.ticks();
    expect(full?.mode).toBe('full');
    expect(full?.depth?.buy).toHaveLength(5);
    expect(full?.depth?.buy[0]?.price).toBe(799.95);
    expect(full?.depth?.sell[0]?.price).toBe(800.05);
    expect(full?.timestamp).toBe('2026-01-05T09:30:00+05:30');
    client.send({ a: 'mode', v: ['ltp', [sbin]] });
    const [ltp] = await client.ticks();
    expect(ltp).toEqual({ mode: 'ltp', tradable: true, instrument_token: sbin, last_price: 800 });
  });

  it('sends index feeds in the 28-byte index layout', async () => {
    const client = await open();
    const nifty = token('NSE', 'NIFTY 50');
    client.send({ a: 'subscribe', v: [nifty] });
    const frame = await client.next((f) => f.binary && f.bytes.length > 1);
    expect(frame.binary && frame.bytes.readUInt16BE(2)).toBe(28);
  });

  it('streams price changes, several instruments per frame, and stops after unsubscribe', async () => {
    const client = await open();
    const sbin = token('NSE', 'SBIN');
    const infy = token('NSE', 'INFY');
    client.send({ a: 'subscribe', v: [sbin, infy] });
    expect((await client.ticks()).map((tick) => tick.instrument_token).sort()).toEqual([sbin, infy].sort());
    t.sim.backdoor.setPrice('NSE:SBIN', 812.5);
    const moved = await client.ticks();
    expect(moved.find((tick) => tick.instrument_token === sbin)?.last_price).toBe(812.5);
    await t.clock.advance(1_000);
    const step = await client.ticks();
    expect(step.map((tick) => tick.instrument_token).sort()).toEqual([sbin, infy].sort());
    client.send({ a: 'unsubscribe', v: [sbin, infy] });
    client.send({ a: 'subscribe', v: [token('NSE', 'TCS')] });
    const after = await client.ticks();
    expect(after.map((tick) => tick.instrument_token)).toEqual([token('NSE', 'TCS')]);
  });

  it('sends a 1-byte heartbeat every second of simulator time', async () => {
    const client = await open();
    expect(client.pending()).toHaveLength(0);
    await t.clock.advance(1_000);
    const beat = await client.next((f) => f.binary);
    expect(beat.binary && beat.bytes.length).toBe(1);
  });

  it('pushes every order change as {type:"order"} text, with postback.json’s fields and checksum', async () => {
    const client = await open();
    await t.data('/orders/regular', { method: 'POST', form: orderForm({ tag: 'ws1' }) });
    const seen: Array<Record<string, unknown>> = [];
    while (seen.at(-1)?.status !== 'COMPLETE') {
      const frame = await client.next((f) => !f.binary);
      if (!frame.binary) {
        const message = JSON.parse(frame.text) as { type: string; data: Record<string, unknown> };
        expect(message.type).toBe('order');
        seen.push(message.data);
      }
    }
    expect(seen.map((d) => d.status)).toEqual([
      'PUT ORDER REQ RECEIVED',
      'VALIDATION PENDING',
      'OPEN PENDING',
      'OPEN',
      'COMPLETE',
    ]);
    const complete = seen.at(-1) as Record<string, unknown>;
    expect(Object.keys(complete)).toEqual(expect.arrayContaining(keysOf(mock('postback.json'))));
    const expected = createHash('sha256')
      .update(`${String(complete.order_id)}${String(complete.order_timestamp)}testsecret`)
      .digest('hex');
    expect(complete).toMatchObject({
      checksum: expected,
      user_id: 'ZT0001',
      tag: 'ws1',
      unfilled_quantity: 0,
    });
  });

  it('closes the feed of a session that expired', async () => {
    const client = await open();
    const closed = new Promise<number>((resolve) => client.ws.once('close', (code) => resolve(code)));
    t.sim.backdoor.expireSession();
    await t.clock.advance(1_000);
    expect(await closed).toBe(1000);
  });
});
