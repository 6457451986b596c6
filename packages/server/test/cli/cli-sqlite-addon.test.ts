import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { describeCliError } from '../../src/cli/errors.js';
import { runCli } from '../../src/cli/run.js';
import { captureCliIo } from '../helpers/cli-io.js';
import { tempDir } from '../helpers/tmp.js';
import { ADDON_FAILURES } from '../store/sqlite-addon-failures.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

describe('a broken SQLite addon: every command that opens the database says what to install, exit 1', () => {
  for (const command of ['serve', 'apikey', 'brokers', 'instruments']) {
    for (const [problem, cause] of Object.entries(ADDON_FAILURES)) {
      it(`openalgo ${command} (${problem})`, async () => {
        const dataDir = join(dir, 'data');
        const { io, stdout, stderr } = captureCliIo({ cwd: dir });
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
