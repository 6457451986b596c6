/** Where a CLI command reads and writes; tests pass their own. */
export interface CliIo {
  stdout: { write(text: string): unknown; isTTY?: boolean };
  stderr: { write(text: string): unknown; isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  cwd: string;
  /** Where SIGINT/SIGTERM arrive (the process by default). */
  signals: {
    once(signal: NodeJS.Signals, listener: () => void): unknown;
    off(signal: NodeJS.Signals, listener: () => void): unknown;
  };
}

export function processIo(): CliIo {
  return {
    stdout: process.stdout,
    stderr: process.stderr,
    env: process.env,
    cwd: process.cwd(),
    signals: process,
  };
}

/** Exit codes: 0 done, 1 something failed at run time, 2 the configuration or command line is wrong. */
export const EXIT = { ok: 0, failed: 1, usage: 2 } as const;
