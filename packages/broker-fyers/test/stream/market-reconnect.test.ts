import { describe, expect, it } from 'vitest';
import { FULL_CHANNEL, LITE_CHANNEL } from '../../src/stream/hsm-routes.js';
import {
  accessToken,
  collectTicks,
  HSM_KEY,
  SBIN,
  START,
  snapshot,
  statusReached,
  until,
  useHsmHarness,
  ZEN,
} from './hsm-harness.js';

const h = useHsmHarness();
const only = () => {
  expect(h.server.connections.size).toBe(1);
  return [...h.server.connections][0] as NonNullable<ReturnType<typeof first>>;
};
const first = () => [...h.server.connections][0];
const channels = () =>
  Object.fromEntries([...(first()?.topics.values() ?? [])].map((t) => [t.name, t.channel]));

// Core's ReconnectingSocket is tested in core; these check the HSM stream's use of it: resubscribe,
// the stall watchdog and the rollover rule, over a real loopback socket with a manual clock.
describe('HSM stream: reconnect, resubscribe, stall, token rollover', () => {
  it('reconnects with backoff after a drop and resubscribes every topic on its channel', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([SBIN], 'ltp');
    await stream.subscribe([ZEN], 'depth');
    await until(() => Object.keys(channels()).length === 3, 'three topics');
    const before = channels();
    const reconnecting = statusReached(stream, 'reconnecting');
    expect(h.server.dropAll()).toBe(1);
    expect((await reconnecting).reason).toMatch(/attempt 1/);
    await h.clock.advance(999);
    expect(h.server.connections.size).toBe(0);
    const opened = statusReached(stream, 'open');
    await h.clock.advance(1);
    await opened;
    await until(() => Object.keys(channels()).length === 3, 'resubscribed');
    expect(channels()).toEqual(before);
    expect(before).toEqual({
      'sf|nse_cm|3045': LITE_CHANNEL,
      'sf|nse_cm|26000': FULL_CHANNEL,
      'dp|nse_cm|26000': FULL_CHANNEL,
    });
    const seen = ticks.length;
    h.market.set('NSE:SBIN-EQ', snapshot(610));
    await until(() => ticks.length > seen);
    expect(ticks.at(-1)).toMatchObject({ symbol: 'SBIN', ltp: 610 });
  });

  it('a feed that freezes silently is dropped by the stall watchdog and reconnected (OpenAlgo #810)', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([SBIN], 'quote');
    await until(() => ticks.length === 1);
    h.server.stall();
    const stalled = () => h.logger.records.filter((r) => r.msg?.startsWith('stream stalled')).length;
    await h.clock.advance(4999);
    expect(stalled()).toBe(0);
    const reconnecting = statusReached(stream, 'reconnecting');
    await h.clock.advance(1);
    await reconnecting;
    expect(stalled()).toBe(1);
    h.server.resume();
    await until(() => h.server.connections.size === 0, 'old link gone');
    await h.clock.advance(1000);
    await until(() => ticks.length === 2, 'snapshot on the new link');
    expect(only().topics.has('sf|nse_cm|3045')).toBe(true);
  });

  it('after the daily rollover the refused hsm_key ends the stream instead of a reconnect loop (OpenAlgo #1419)', async () => {
    const stream = h.stream();
    const ticks = collectTicks(stream);
    await stream.subscribe([SBIN], 'quote');
    await until(() => ticks.length === 1);
    const statuses: string[] = [];
    stream.onStatus((s) => statuses.push(`${s.state}${s.reason ? `: ${s.reason}` : ''}`));
    h.keyValid = false;
    // The server notices at the next update and hangs up; the reconnect's connect is refused with 'N'.
    h.market.set('NSE:SBIN-EQ', snapshot(601));
    await until(() => statuses.includes('reconnecting: connection lost (code 1000); attempt 1'));
    await h.clock.advance(1000);
    await until(() => statuses.some((s) => s.startsWith('closed')), 'closed');
    const closed = statuses.find((s) => s.startsWith('closed')) ?? '';
    expect(closed).toMatch(/session has expired, log in again/);
    expect(closed).not.toContain(HSM_KEY);
    await until(() => h.server.connections.size === 0);
    await h.clock.advance(60_000);
    expect(h.server.connections.size).toBe(0);
    expect(statuses.filter((s) => s.startsWith('reconnecting'))).toHaveLength(1);
    await expect(stream.subscribe([SBIN], 'ltp')).rejects.toThrow(/closed/);
  });

  it('an access token whose exp has passed never sends its key', async () => {
    const stream = h.stream({ accessToken: accessToken({ hsm_key: HSM_KEY, exp: START / 1000 - 1 }) });
    const closed = statusReached(stream, 'closed');
    await stream.subscribe([SBIN], 'ltp');
    expect((await closed).reason).toMatch(/session has expired/);
    expect([...h.server.connections].every((c) => c.hsmKey === undefined)).toBe(true);
  });
});
