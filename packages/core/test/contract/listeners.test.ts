import { describe, expect, it } from 'vitest';
import { Listeners } from '../../src/contract/listeners.js';
import type { Logger } from '../../src/http/logger.js';

function capturingLogger(lines: string[]): Logger {
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (_obj, msg) => lines.push(msg ?? ''),
    child: () => logger,
  };
  return logger;
}

describe('Listeners', () => {
  it('delivers to every listener even when one throws, and logs the throw', () => {
    const errors: string[] = [];
    const listeners = new Listeners<number>(capturingLogger(errors), 'tick');
    const seen: number[] = [];
    listeners.add(() => {
      throw new Error('bad listener');
    });
    listeners.add((v) => seen.push(v));
    listeners.emit(7);
    expect(seen).toEqual([7]);
    expect(errors).toEqual(['tick listener threw']);
  });

  it('lets a listener unsubscribe another during emission without skipping or crashing', () => {
    const listeners = new Listeners<string>(capturingLogger([]), 'order');
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
    const listeners = new Listeners<number>(capturingLogger([]), 'status');
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
