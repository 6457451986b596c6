import { chmodSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  describePermissionProblems,
  formatMode,
  secureDataDir,
} from '../../src/store/data-dir-permissions.js';
import { DATABASE_FILES, SqliteStore } from '../../src/store/sqlite-store.js';
import { tempDir } from '../helpers/tmp.js';

let root: string;
let cleanup: () => void;
let data: string;
beforeEach(() => {
  ({ dir: root, cleanup } = tempDir());
  data = join(root, 'data');
  mkdirSync(data);
  // As `mkdir` under the common umask 022 leaves it: everyone may list it and read its files.
  chmodSync(data, 0o755);
});
afterEach(() => cleanup());

const modeOf = (path: string) => statSync(path).mode & 0o777;

describe.skipIf(process.platform === 'win32')('data dir permissions (POSIX modes; Windows uses ACLs)', () => {
  it('tightens an existing 0755 dir to 0700 and its 0644 files to 0600, and reports what it changed', () => {
    writeFileSync(join(data, 'openalgo.db'), '');
    chmodSync(join(data, 'openalgo.db'), 0o644);
    const report = secureDataDir(data, ['openalgo.db', 'absent.file']);
    expect(modeOf(data)).toBe(0o700);
    expect(modeOf(join(data, 'openalgo.db'))).toBe(0o600);
    expect(report).toEqual({ tightened: [data, join(data, 'openalgo.db')], problems: [] });
    expect(secureDataDir(data, ['openalgo.db'])).toEqual({ tightened: [], problems: [] });
  });

  it('creates a missing dir 0700', () => {
    const fresh = join(root, 'fresh', 'nested');
    secureDataDir(fresh, []);
    expect(modeOf(fresh)).toBe(0o700);
  });

  it('carries on when chmod fails, reporting each path with the mode it kept, for one warning', () => {
    const report = secureDataDir(data, [], {
      chmod: () => {
        throw Object.assign(new Error('operation not permitted'), { code: 'EPERM' });
      },
    });
    expect(report.tightened).toEqual([]);
    expect(report.problems).toEqual([{ path: data, mode: 0o755, wanted: 0o700, reason: 'EPERM' }]);
    expect(modeOf(data)).toBe(0o755);
    const warning = describePermissionProblems(report.problems);
    expect(warning).toContain(`${data} (mode 0755, EPERM)`);
    expect(formatMode(0o600)).toBe('0600');
  });

  it('the store creates its database, -wal and -shm private in a dir created 0755', () => {
    const store = SqliteStore.openDataDir(data);
    try {
      store.settings.set('probe', 'x');
      expect(modeOf(data)).toBe(0o700);
      for (const file of DATABASE_FILES) expect(modeOf(join(data, file)), file).toBe(0o600);
    } finally {
      store.close();
    }
  });
});
