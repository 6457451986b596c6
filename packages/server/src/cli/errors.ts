import { BrokerConfigFileError } from '../accounts/broker-config.js';
import { ApiKeyFormatError } from '../auth/api-keys.js';
import { SecretKeyError } from '../auth/secret-key.js';
import { SecretKeyMismatchError } from '../auth/security.js';
import { ConfigError } from '../config.js';
import { SchemaTooNewError } from '../store/migrations.js';
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

function isAddressInUse(error: unknown): error is Error {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
}

/** The message and exit code for an error escaping a command: fixable problems exit 2, with no stack. */
export function describeCliError(error: unknown): { message: string; code: number } {
  if (USER_FIXABLE.some((cls) => error instanceof cls))
    return { message: (error as Error).message, code: EXIT.usage };
  if (isParseArgsError(error))
    return { message: `${error.message}. Run \`openalgo help\`.`, code: EXIT.usage };
  if (isAddressInUse(error)) {
    return {
      message: `${error.message}: another process is listening there. Stop it, or choose another port with --port / --ws-port.`,
      code: EXIT.usage,
    };
  }
  const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
  return { message: `openalgo failed: ${message}`, code: EXIT.failed };
}
