import { EventEmitter } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCliError } from '../../src/cli/errors.js';
import type { CliIo } from '../../src/cli/io.js';
import { runCli } from '../../src/cli/run.js';
import { TEST_SECRET_HEX, tempDir } from '../helpers/tmp.js';
import { ADDON_FAILURES } from '../store/sqlite-addon-failures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

function captureIo() {
  const out: string[] = [];
  const err: string[] = [];
  const signals = new EventEmitter();
  const io: CliIo = {
    stdout: { write: (text: string) => out.push(text) > 0 },
    stderr: { write: (text: string) => err.push(text) > 0 },
    env: { OPENALGO_SECRET_KEY: TEST_SECRET_HEX },
    cwd: dir,
    signals: { once: (s, l) => signals.once(s, l), off: (s, l) => signals.off(s, l) },
  };
  return { io, stdout: () => out.join(''), stderr: () => err.join('') };
}

describe('a broken SQLite addon: every command that opens the database says what to install, exit 1', () => {
  for (const command of ['serve', 'apikey', 'brokers', 'instruments']) {
    for (const [problem, cause] of Object.entries(ADDON_FAILURES)) {
      it(`openalgo ${command} (${problem})`, async () => {
        const dataDir = join(dir, 'data');
        const { io, stdout, stderr } = captureIo();
        const args = command === 'instruments' ? [command, 'zerodha'] : [command];
        const code = await runCli([...args, '--data-dir', dataDir], io, {
          checkSqliteDriver: () => {
            throw cause;
          },
        });
        expect(code).toBe(1);
        expect(stdout()).toBe('');
        const text = stderr();
        expect(text).toMatch(new RegExp(`^openalgo ${command}: cannot open the database: the SQLite driver`));
        expect(text).toContain('npm rebuild better-sqlite3');
        expect(text).not.toMatch(/^\s+at /m);
        // Reported before anything touched the data directory.
        expect(existsSync(dataDir)).toBe(false);
      });
    }
  }
});

describe('describeCliError: an addon failure thrown later (not by the preflight) gets the same message', () => {
  for (const [problem, cause] of Object.entries(ADDON_FAILURES)) {
    it(problem, () => {
      const { message, code } = describeCliError(cause);
      expect(code).toBe(1);
      expect(message).toMatch(/^cannot open the database: the SQLite driver/);
      expect(message).not.toMatch(/^\s+at /m);
    });
  }
});
