import { describe, expect, it } from 'vitest';
import { SLOW_CONSUMER_CLOSE } from '../../src/ws/index.js';
import { eventually, marketData } from './client.js';
import { depthTick } from './fakes.js';
import { startFeed } from './setup.js';

describe('slow consumers', () => {
  it('drops a client that stops reading, releases its subscriptions and keeps serving the others', async () => {
    const f = await startFeed({ maxBufferedAmount: 256 * 1024 });
    const slow = await f.client();
    const healthy = await f.client();
    await slow.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 3, depth: 50 });
    await healthy.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 3, depth: 50 });
    await slow.subscribe({ symbol: 'INFY', exchange: 'NSE', mode: 1 }); // held only by the slow client
    slow.ws.pause(); // stops reading: the kernel buffers fill, then the server's send backlog grows

    let batches = 0;
    while (f.feed.stats().slowConsumersDropped === 0) {
      if (++batches > 5_000) throw new Error('the slow client was never dropped');
      for (let i = 0; i < 40; i++) f.adapter.stream.emit(depthTick('SBIN', 'NSE', 800 + i / 100, 50));
      await new Promise<void>((resolve) => setImmediate(resolve)); // let the healthy client read
    }

    // The slow client's subscriptions are gone at once; the shared instrument stays for the other.
    expect(f.feed.stats().slowConsumersDropped).toBe(1);
    await eventually(() => !f.adapter.stream.subscribed.has('NSE:INFY'), 'INFY to be released upstream');
    expect(f.adapter.stream.subscribed.get('NSE:SBIN')).toBe('depth');

    f.adapter.stream.emit(depthTick('SBIN', 'NSE', 999.95, 50));
    const last = await healthy.next((m) => marketData(m) && (m.data as { ltp: number }).ltp === 999.95);
    expect(last.mode).toBe(3);
    expect(f.feed.stats().clientSubscriptions).toBe(1);

    slow.ws.resume();
    expect(await slow.closed).toEqual({ code: SLOW_CONSUMER_CLOSE.code, reason: 'slow consumer' });
    await eventually(() => f.feed.stats().clients === 1, 'the dropped session to go');
  });

  it('cuts off a dropped client that never reads the close frame, after the grace period', async () => {
    const f = await startFeed({ maxBufferedAmount: 64 * 1024 });
    const slow = await f.client();
    await slow.subscribe({ symbol: 'SBIN', exchange: 'NSE', mode: 3, depth: 50 });
    slow.ws.pause();
    let batches = 0;
    while (f.feed.stats().slowConsumersDropped === 0) {
      if (++batches > 5_000) throw new Error('the slow client was never dropped');
      for (let i = 0; i < 40; i++) f.adapter.stream.emit(depthTick('SBIN', 'NSE', 800, 50));
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
    expect(f.feed.stats().clients).toBe(1);
    await f.clock.advance(5_000);
    await eventually(() => f.feed.stats().clients === 0, 'the stalled socket to be terminated');
    expect(f.adapter.stream.closed).toBe(true);
    slow.ws.resume();
    // Terminated, not closed: the peer never completed the handshake.
    expect((await slow.closed).code).toBe(1006);
  });
});
