import { randomBytes } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  linkSync,
  openSync,
  readFileSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { join } from 'node:path';

export const SECRET_KEY_FILE = 'secret.key';
export const SECRET_KEY_ENV = 'OPENALGO_SECRET_KEY';

/** Where the master secret came from, for messages that tell the user what to change. */
export type SecretKeySource = { kind: 'env' } | { kind: 'file'; path: string; created: boolean };

export interface SecretKey {
  /** 32 bytes. Never logged; every purpose derives its own key from it (see key-derivation.ts). */
  bytes: Buffer;
  source: SecretKeySource;
}

/** A problem with the secret key that the user must fix; the message says how. */
export class SecretKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretKeyError';
  }
}

/** The command that prints 32 random bytes as hex, for messages about keys. */
export const GENERATE_KEY_COMMAND = `node -e "console.log(require('node:crypto').randomBytes(32).toString('hex'))"`;

const HEX_64 = /^[0-9a-fA-F]{64}$/;
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Parses a 32-byte key written as 64 hex characters or base64 (standard or URL-safe). */
export function parseSecretKey(text: string, origin: string): Buffer {
  const value = text.trim();
  if (HEX_64.test(value)) return Buffer.from(value, 'hex');
  if (BASE64.test(value)) {
    const bytes = Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (bytes.length === 32) return bytes;
  }
  throw new SecretKeyError(
    `${origin} must be 32 random bytes written as 64 hex characters or as base64 (44 characters); ` +
      `got ${value.length} characters that are neither. Generate one with: ${GENERATE_KEY_COMMAND}`,
  );
}

function isNodeError(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}

function checkPermissions(path: string): void {
  // POSIX modes mean nothing on Windows; there the file inherits the directory's ACL.
  if (process.platform === 'win32') return;
  const mode = statSync(path).mode & 0o777;
  if ((mode & 0o077) !== 0) {
    throw new SecretKeyError(
      `${path} is readable by other users (mode ${mode.toString(8).padStart(3, '0')}); it encrypts your ` +
        `broker sessions and API keys. Run: chmod 600 ${path}`,
    );
  }
}

/**
 * Creates the key file so that no reader ever sees it half-written and two processes starting at
 * once agree on one key: the key goes to a private temporary file (0600, fsynced) that is then
 * hard-linked into place, which fails if another process got there first — then theirs is used.
 */
function createKeyFile(path: string): boolean {
  const temp = `${path}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`;
  const fd = openSync(temp, 'wx', 0o600);
  try {
    writeSync(fd, `${randomBytes(32).toString('hex')}\n`);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    if (isNodeError(error, 'EEXIST')) return false;
    throw error;
  } finally {
    unlinkSync(temp);
  }
}

/**
 * The master secret: `OPENALGO_SECRET_KEY` when set, else `<dataDir>/secret.key`, generated on first
 * use. A key file that other users can read is refused rather than silently fixed: someone may
 * already have copied it, and the user should know.
 */
export function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): SecretKey {
  const fromEnv = env[SECRET_KEY_ENV];
  if (fromEnv !== undefined && fromEnv.trim() !== '') {
    return { bytes: parseSecretKey(fromEnv, SECRET_KEY_ENV), source: { kind: 'env' } };
  }
  const path = join(dataDir, SECRET_KEY_FILE);
  let created = false;
  try {
    statSync(path);
  } catch (error) {
    if (!isNodeError(error, 'ENOENT')) throw error;
    created = createKeyFile(path);
  }
  checkPermissions(path);
  const bytes = parseSecretKey(readFileSync(path, 'utf8'), path);
  return { bytes, source: { kind: 'file', path, created } };
}

export function describeSecretSource(source: SecretKeySource): string {
  return source.kind === 'env' ? SECRET_KEY_ENV : source.path;
}
