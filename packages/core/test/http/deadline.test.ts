import { getEventListeners } from 'node:events';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Deadline } from '../../src/http/deadline.js';

describe('Deadline', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('aborts with a TimeoutError once the time is up', () => {
    const deadline = new Deadline(100);
    vi.advanceTimersByTime(99);
    expect(deadline.signal.aborted).toBe(false);
    vi.advanceTimersByTime(1);
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut).toBe(true);
    expect((deadline.signal.reason as DOMException).name).toBe('TimeoutError');
  });

  it("follows the caller's signal, which is not a timeout", () => {
    const caller = new AbortController();
    const deadline = new Deadline(100, caller.signal);
    caller.abort(new Error('user cancelled'));
    expect(deadline.signal.aborted).toBe(true);
    expect(deadline.timedOut).toBe(false);
    expect((deadline.signal.reason as Error).message).toBe('user cancelled');
  });

  it('leaves no timer running and nothing attached to a long-lived caller signal once disposed', () => {
    const appShutdown = new AbortController();
    for (let i = 0; i < 5; i++) new Deadline(100, appShutdown.signal).dispose();
    expect(getEventListeners(appShutdown.signal, 'abort')).toHaveLength(0);
    const deadline = new Deadline(100, appShutdown.signal);
    expect(getEventListeners(appShutdown.signal, 'abort')).toHaveLength(1);
    deadline.dispose();
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(1000);
    expect(deadline.signal.aborted).toBe(false);
  });
});
