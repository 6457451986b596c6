import type { Logger } from '../http/logger.js';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';

export interface LogRecord {
  level: LogLevel;
  msg: string | undefined;
  /** The object as logged, without child bindings. */
  obj: Record<string, unknown>;
  /** The bindings of every `child()` on the way, merged in order. */
  bindings: Record<string, unknown>;
  /** `bindings` and `obj` merged: what a JSON log line would carry. */
  fields: Record<string, unknown>;
}

/**
 * A Logger that keeps every record, child loggers included (they share the parent's list), so a test
 * can assert what was logged — or, as important, that a secret never was.
 */
export class RecordingLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}

  debug(obj: object, msg?: string): void {
    this.push('debug', obj, msg);
  }
  info(obj: object, msg?: string): void {
    this.push('info', obj, msg);
  }
  warn(obj: object, msg?: string): void {
    this.push('warn', obj, msg);
  }
  error(obj: object, msg?: string): void {
    this.push('error', obj, msg);
  }
  child(bindings: object): RecordingLogger {
    return new RecordingLogger(this.records, { ...this.bindings, ...bindings });
  }

  /** Messages in order (records without one count as ''). */
  messages(level?: LogLevel): string[] {
    return this.at(level).map((r) => r.msg ?? '');
  }

  /** Records of one level, or all of them. */
  at(level?: LogLevel): LogRecord[] {
    return level === undefined ? [...this.records] : this.records.filter((r) => r.level === level);
  }

  /** Everything logged, as one string: for "this secret appears nowhere" assertions. */
  dump(): string {
    return JSON.stringify(this.records);
  }

  clear(): void {
    this.records.length = 0;
  }

  private push(level: LogLevel, obj: object, msg?: string): void {
    const logged = { ...obj } as Record<string, unknown>;
    this.records.push({
      level,
      msg,
      obj: logged,
      bindings: { ...this.bindings },
      fields: { ...this.bindings, ...logged },
    });
  }
}

export function recordingLogger(): RecordingLogger {
  return new RecordingLogger();
}
