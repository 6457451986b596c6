import { ManualClock, noopLogger } from '@openalgo/core';
import { describe, expect, it } from 'vitest';
import { sharedSimulatorOptions } from '../../src/simulator/index.js';

describe('sharedSimulatorOptions', () => {
  it('passes port, host, seed, clock and logger through, and leaves out redirectUrl', () => {
    const clock = new ManualClock(0);
    expect(
      sharedSimulatorOptions({
        redirectUrl: 'http://127.0.0.1:5000/auth/acme/callback',
        port: 8123,
        host: '0.0.0.0',
        seed: 7,
        clock,
        logger: noopLogger,
      }),
    ).toEqual({ port: 8123, host: '0.0.0.0', seed: 7, clock, logger: noopLogger });
  });

  it('leaves out what was not given, so the simulator keeps its own defaults', () => {
    const shared = sharedSimulatorOptions({ redirectUrl: 'http://127.0.0.1:5000/cb' });
    expect(shared).toEqual({});
    expect(Object.keys(shared)).toEqual([]);
  });
});
