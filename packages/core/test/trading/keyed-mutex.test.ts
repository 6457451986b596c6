import { describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../src/trading/keyed-mutex.js';
import { capture, deferred, settle } from './helpers.js';

describe('KeyedMutex', () => {
  it('runs tasks for one key one after the other, in call order', async () => {
    const mutex = new KeyedMutex();
    const events: string[] = [];
    const first = deferred();
    const a = mutex.run('k', async () => {
      events.push('a:start');
      await first.promise;
      events.push('a:end');
      return 'a';
    });
    const b = mutex.run('k', async () => {
      events.push('b:start');
      return 'b';
    });
    const c = mutex.run('k', async () => {
      events.push('c:start');
      return 'c';
    });
    await settle();
    expect(events).toEqual(['a:start']);
    expect(mutex.isLocked('k')).toBe(true);
    first.resolve();
    expect(await Promise.all([a, b, c])).toEqual(['a', 'b', 'c']);
    expect(events).toEqual(['a:start', 'a:end', 'b:start', 'c:start']);
  });

  it('lets different keys run at the same time', async () => {
    const mutex = new KeyedMutex();
    const held = deferred();
    const slow = mutex.run('x', () => held.promise.then(() => 'x'));
    const fast = await mutex.run('y', async () => 'y');
    expect(fast).toBe('y');
    expect(mutex.isLocked('x')).toBe(true);
    held.resolve();
    expect(await slow).toBe('x');
  });

  it('passes a failure to its own caller and still runs the next task', async () => {
    const mutex = new KeyedMutex();
    const failed = capture(
      mutex.run('k', async () => {
        throw new Error('boom');
      }),
    );
    const next = mutex.run('k', async () => 'next');
    const outcome = await failed;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && (outcome.error as Error).message).toBe('boom');
    expect(await next).toBe('next');
  });

  it('forgets a key once its chain drains, so the table does not grow', async () => {
    const mutex = new KeyedMutex();
    const gates = [deferred(), deferred()];
    const runs = ['a', 'b', 'a', 'c'].map((key, i) =>
      mutex.run(key, () => (i < 2 ? (gates[i] as { promise: Promise<void> }).promise : Promise.resolve())),
    );
    await settle();
    // 'c' ran straight through and is already forgotten; 'a' (two queued) and 'b' are held.
    expect(mutex.size).toBe(2);
    expect(mutex.isLocked('c')).toBe(false);
    expect(mutex.isLocked('a')).toBe(true);
    for (const gate of gates) gate.resolve();
    await Promise.all(runs);
    expect(mutex.size).toBe(0);
    expect(mutex.isLocked('a')).toBe(false);
  });
});
