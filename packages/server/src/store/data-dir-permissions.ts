import { chmodSync, closeSync, mkdirSync, openSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Only the server's own user may list the data dir or read what is in it (sessions, API key hashes). */
export const PRIVATE_DIR_MODE = 0o700;
export const PRIVATE_FILE_MODE = 0o600;

/** A path that could not be made private, and the mode it kept. */
export interface PermissionProblem {
  path: string;
  /** The mode found (permission bits only). */
  mode: number;
  wanted: number;
  reason: string;
}

export interface PermissionReport {
  /** Paths whose mode was looser and is now private. */
  tightened: string[];
  problems: PermissionProblem[];
}

export interface PermissionFs {
  chmod(path: string, mode: number): void;
}

const NODE_FS: PermissionFs = { chmod: chmodSync };

/** `0755`, as people read modes. */
export function formatMode(mode: number): string {
  return `0${(mode & 0o777).toString(8).padStart(3, '0')}`;
}

function modeOf(path: string): number | undefined {
  try {
    return statSync(path).mode & 0o777;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

function tighten(path: string, wanted: number, fs: PermissionFs, report: PermissionReport): void {
  const mode = modeOf(path);
  // Group/other bits only: a file the owner cannot write is no leak, and is not ours to change.
  if (mode === undefined || (mode & 0o077) === 0) return;
  try {
    fs.chmod(path, wanted);
    report.tightened.push(path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
    report.problems.push({ path, mode, wanted, reason });
  }
}

/**
 * Creates `path` empty with mode 0600 if it does not exist, so that SQLite (which gives its -wal and
 * -shm files the database file's mode) never makes a world-readable file under the umask's default.
 */
export function createPrivateFile(path: string): void {
  closeSync(openSync(path, 'a', PRIVATE_FILE_MODE));
}

/**
 * Makes the data dir 0700 (creating it) and the named files in it that exist 0600. Never throws for
 * a mode it cannot change (a dir owned by another user, a read-only mount): the report says which
 * path kept which mode, for one warning. POSIX modes mean nothing on Windows, where ACLs apply.
 */
export function secureDataDir(
  dataDir: string,
  files: readonly string[],
  fs: PermissionFs = NODE_FS,
): PermissionReport {
  mkdirSync(dataDir, { recursive: true, mode: PRIVATE_DIR_MODE });
  const report: PermissionReport = { tightened: [], problems: [] };
  if (process.platform === 'win32') return report;
  tighten(dataDir, PRIVATE_DIR_MODE, fs, report);
  for (const file of files) tighten(join(dataDir, file), PRIVATE_FILE_MODE, fs, report);
  return report;
}

/** The one warning for paths that stayed readable by others. */
export function describePermissionProblems(problems: readonly PermissionProblem[]): string {
  const paths = problems.map((p) => `${p.path} (mode ${formatMode(p.mode)}, ${p.reason})`).join(', ');
  return (
    `could not make the data dir private: ${paths}; other users may read the database. ` +
    'Fix the owner or run chmod 700 on the dir and chmod 600 on its files.'
  );
}
