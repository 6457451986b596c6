import { EventEmitter } from 'node:events';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from '../../src/cli/io.js';
import { TEST_SECRET_HEX } from './tmp.js';

/** The monorepo root: what the CLI tests pass as `--app-dir` so the workspace broker packages load. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../..');

/**
 * A fake {@link CliIo} for running `runCli` in-process: captures stdout and stderr, takes signals from
 * `signals` (emit 'SIGTERM' to stop a server), and runs with `OPENALGO_SECRET_KEY` set to the test key,
 * under `env`.
 */
export function captureCliIo({ cwd, env = {} }: { cwd: string; env?: NodeJS.ProcessEnv }) {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  const listeners = new Set<() => void>();
  const io: CliIo = {
    stdout: {
      write: (text: string) => {
        out.push(text);
        for (const listener of [...listeners]) listener();
        return true;
      },
    },
    stderr: { write: (text: string) => err.push(text) > 0 },
    env: { OPENALGO_SECRET_KEY: TEST_SECRET_HEX, ...env },
    cwd,
    signals: { once: (s, l) => signals.once(s, l), off: (s, l) => signals.off(s, l) },
  };
  const stdout = () => out.join('');
  const stderr = () => err.join('');

  /** Resolves when `check` returns a value (tried now and on every stdout write); rejects if `running` ends first. */
  const until = <T>(check: () => T | undefined, running?: Promise<number>) =>
    new Promise<T>((resolveValue, reject) => {
      let done = false;
      const listener = () => {
        if (done) return;
        const value = check();
        if (value === undefined) return;
        done = true;
        listeners.delete(listener);
        resolveValue(value);
      };
      listeners.add(listener);
      listener();
      running?.then(
        (code) => {
          if (done) return;
          done = true;
          listeners.delete(listener);
          reject(new Error(`exited ${code} first: ${stderr()}`));
        },
        (error: unknown) => {
          if (done) return;
          done = true;
          listeners.delete(listener);
          reject(error);
        },
      );
    });

  /**
   * Resolves with the match once stdout matches `pattern`. With `running`, rejects when the command ends
   * first; without it, it waits (for a server that keeps running until signalled).
   */
  const waitFor = (pattern: RegExp, running?: Promise<number>) =>
    until(() => stdout().match(pattern) ?? undefined, running);

  /** Resolves with the first stdout line, or rejects when the command ends first. */
  const firstLine = (running: Promise<number>) =>
    until(() => {
      const text = stdout();
      return text.includes('\n') ? text.slice(0, text.indexOf('\n')) : undefined;
    }, running);

  return { io, stdout, stderr, signals, waitFor, firstLine };
}
