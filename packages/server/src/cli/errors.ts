import { BrokerConfigFileError } from '../accounts/broker-config.js';
import { ApiKeyFormatError } from '../auth/api-keys.js';
import { SecretKeyError } from '../auth/secret-key.js';
import { SecretKeyMismatchError } from '../auth/security.js';
import { ConfigError } from '../config.js';
import { SchemaTooNewError } from '../store/migrations.js';
import { classifySqliteError, SqliteAddonError } from '../store/sqlite-driver.js';
import { EXIT } from './io.js';

const USER_FIXABLE = [
  ConfigError,
  SecretKeyError,
  SecretKeyMismatchError,
  SchemaTooNewError,
  BrokerConfigFileError,
  ApiKeyFormatError,
];

function isParseArgsError(error: unknown): error is Error {
  const code = (error as { code?: unknown } | null)?.code;
  return error instanceof Error && typeof code === 'string' && code.startsWith('ERR_PARSE_ARGS');
}

/** A broker simulator's bad command line (testkit's SimulatorUsageError: its message ends with the usage). */
function isSimulatorUsageError(error: unknown): error is Error {
  return error instanceof Error && (error as { code?: unknown }).code === 'ERR_SIMULATOR_USAGE';
}

function isAddressInUse(error: unknown): error is Error {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/**
 * The message and exit code for an error escaping a command: fixable problems exit 2, with no stack;
 * a bad command line names the flag on one line, then gives the command's `usage`.
 */
export function describeCliError(thrown: unknown, usage?: string): { message: string; code: number } {
  const error = classifySqliteError(thrown);
  if (USER_FIXABLE.some((cls) => error instanceof cls))
    return { message: (error as Error).message, code: EXIT.usage };
  // An install problem, not a bug: the message says what to install; exit 1 (it is not the command line).
  if (error instanceof SqliteAddonError) return { message: error.message, code: EXIT.failed };
  if (isParseArgsError(error)) {
    // Node's text goes on about positionals after `--`; the first sentence names the flag.
    const said = (error.message.split('\n')[0] ?? '')
      .replace(/\. To specify a positional argument.*$/, '')
      .replace(/\.?$/, '.');
    const next = usage ? `\n${usage}` : ' Run `openalgo help`.';
    return { message: `${said}${next}`, code: EXIT.usage };
  }
  if (isSimulatorUsageError(error)) return { message: error.message, code: EXIT.usage };
  if (isAddressInUse(error)) {
    return {
      message: `${error.message}: another process is listening there. Stop it, or choose another port with --port / --ws-port.`,
      code: EXIT.usage,
    };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `openalgo failed: ${message}`, code: EXIT.failed };
}
