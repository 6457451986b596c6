import { describe, expect, it } from 'vitest';
import { runSimulatorCommand, SimulatorUsageError, simulatorUsage } from '../../src/simulator/index.js';

const SYNTAX = { broker: 'acme', acceptsRedirectUrl: false } as const;

function spec(started: string[]) {
  return {
    ...SYNTAX,
    title: 'Acme simulator',
    start: async () => {
      started.push('started');
      return { close: async () => {} };
    },
    summary: () => ({}),
    rows: () => [],
  };
}

describe('runSimulatorCommand --help and bad flags', () => {
  it('--help and -h print the usage and resolve without starting a simulator', async () => {
    for (const flag of ['--help', '-h']) {
      const started: string[] = [];
      const lines: string[] = [];
      await runSimulatorCommand(spec(started), ['--port', '0', flag], { write: (l) => lines.push(l) });
      expect(lines).toEqual([simulatorUsage(SYNTAX)]);
      expect(started).toEqual([]);
    }
  });

  it('an unknown flag rejects with a SimulatorUsageError: one line naming it, then the usage', async () => {
    const started: string[] = [];
    const failure = runSimulatorCommand(spec(started), ['--bogus'], { write: () => {} });
    await expect(failure).rejects.toBeInstanceOf(SimulatorUsageError);
    const error = (await failure.catch((e: unknown) => e)) as SimulatorUsageError;
    expect(error.message.split('\n')).toEqual(['unknown option --bogus', simulatorUsage(SYNTAX)]);
    expect(error.code).toBe('ERR_SIMULATOR_USAGE');
    expect(error.help).toBe(false);
    expect(started).toEqual([]);
  });
});
