import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A fresh private directory per test, removed by the returned cleanup. */
export function tempDir(prefix = 'openalgo-server-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** 32 fixed bytes as hex, for tests that need a known OPENALGO_SECRET_KEY. */
export const TEST_SECRET_HEX = 'a1'.repeat(32);
export const OTHER_SECRET_HEX = 'b2'.repeat(32);
