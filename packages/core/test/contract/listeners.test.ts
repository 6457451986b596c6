import { describe, expect, it } from 'vitest';
import { Listeners } from '../../src/contract/listeners.js';
import { RecordingLogger } from '../../src/testing/index.js';

describe('Listeners', () => {
  it('delivers to every listener even when one throws, and logs the throw', () => {
    const logger = new RecordingLogger();
    const listeners = new Listeners<number>(logger, 'tick');
    const seen: number[] = [];
    listeners.add(() => {
      throw new Error('bad listener');
    });
    listeners.add((v) => seen.push(v));
    listeners.emit(7);
    expect(seen).toEqual([7]);
    expect(logger.messages('error')).toEqual(['tick listener threw']);
  });

  it('lets a listener unsubscribe another during emission without skipping or crashing', () => {
    const listeners = new Listeners<string>(new RecordingLogger(), 'order');
    const calls: string[] = [];
    let offB: () => void = () => {};
    listeners.add((v) => {
      calls.push(`a:${v}`);
      offB();
    });
    offB = listeners.add((v) => calls.push(`b:${v}`));
    listeners.emit('x');
    listeners.emit('y');
    expect(calls).toEqual(['a:x', 'b:x', 'a:y']);
    expect(listeners.size).toBe(1);
  });

  it('unsubscribe, has and clear', () => {
    const listeners = new Listeners<number>(new RecordingLogger(), 'status');
    const fn = () => {};
    const off = listeners.add(fn);
    expect(listeners.has(fn)).toBe(true);
    off();
    expect(listeners.has(fn)).toBe(false);
    listeners.add(fn);
    listeners.clear();
    expect(listeners.size).toBe(0);
  });
});
