import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../src/time/clock.js';

describe('ManualClock', () => {
  it('wakes sleepers in time order and only when time reaches them', async () => {
    const clock = new ManualClock(1_000);
    const woke: string[] = [];
    void clock.sleep(300).then(() => woke.push(`b@${clock.now()}`));
    void clock.sleep(100).then(() => woke.push(`a@${clock.now()}`));
    void clock.sleep(300).then(() => woke.push(`c@${clock.now()}`));
    await clock.advance(99);
    expect(woke).toEqual([]);
    await clock.advance(1);
    expect(woke).toEqual(['a@1100']);
    await clock.advance(500);
    expect(woke).toEqual(['a@1100', 'b@1300', 'c@1300']);
    expect(clock.now()).toBe(1_600);
    expect(clock.pendingSleeps).toBe(0);
  });

  it('wakes sleepers scheduled by a woken sleeper within the same advance', async () => {
    const clock = new ManualClock(0);
    const times: number[] = [];
    const loop = async () => {
      for (let i = 0; i < 3; i++) {
        await clock.sleep(10);
        times.push(clock.now());
      }
    };
    const done = loop();
    await clock.advance(30);
    await done;
    expect(times).toEqual([10, 20, 30]);
  });

  it('rejects an aborted sleep and forgets it', async () => {
    const clock = new ManualClock(0);
    const controller = new AbortController();
    const sleeping = clock.sleep(100, controller.signal);
    controller.abort(new Error('stop'));
    await expect(sleeping).rejects.toThrow('stop');
    expect(clock.pendingSleeps).toBe(0);
  });

  it('refuses to move backwards', async () => {
    const clock = new ManualClock(10);
    await expect(clock.set(5)).rejects.toThrow('backwards');
  });
});
