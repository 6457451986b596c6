import { z } from 'zod';

/**
 * Field coercers for OpenAlgo request bodies. OpenAlgo clients send numbers as numbers or numeric
 * strings, actions in any case and `null` for "not given", so each field is a small converter with
 * its own wording instead of zod's generic messages ("Invalid input: expected number…"). Every
 * message is written to follow the field name ("quantity: must be a whole number"). `.meta()` carries
 * the JSON Schema the OpenAPI document shows, because a transform has no schema of its own.
 */

type Converted<T> = { ok: true; value: T } | { ok: false; message: string };
type Converter<T> = (value: unknown) => Converted<T>;

const ok = <T>(value: T): Converted<T> => ({ ok: true, value });
const fail = (message: string): Converted<never> => ({ ok: false, message });

/** JSON Schema fragment shown in the OpenAPI document for a field. */
export type FieldDoc = Record<string, unknown>;

function field<T>(convert: Converter<T>, doc: FieldDoc) {
  return z
    .unknown()
    .transform((value, ctx): T => {
      const result = convert(value);
      if (result.ok) return result.value;
      ctx.addIssue({ code: 'custom', message: result.message, input: value });
      return z.NEVER;
    })
    .meta(doc);
}

/** `null` means "not given" for optional fields, as OpenAlgo's clients send it. */
function isAbsent(value: unknown): value is null | undefined {
  return value === undefined || value === null;
}

function required<T>(convert: Converter<T>): Converter<T> {
  return (value) => (isAbsent(value) ? fail('is required') : convert(value));
}

function withDefault<T>(convert: Converter<T>, fallback: T): Converter<T> {
  return (value) => (isAbsent(value) ? ok(fallback) : convert(value));
}

function optionalOf<T>(convert: Converter<T>): Converter<T | undefined> {
  return (value) => (isAbsent(value) ? ok(undefined) : convert(value));
}

// ---------------------------------------------------------------------------------------------
// strings

interface TextOptions {
  max: number;
  description: string;
}

const textConverter =
  ({ max }: TextOptions): Converter<string> =>
  (value) => {
    if (typeof value !== 'string') return fail('must be a string');
    const text = value.trim();
    if (text.length === 0) return fail('must not be empty');
    if (text.length > max) return fail(`must be at most ${max} characters`);
    return ok(text);
  };

const textDoc = ({ max, description }: TextOptions): FieldDoc => ({
  type: 'string',
  minLength: 1,
  maxLength: max,
  description,
});

export function text(options: TextOptions) {
  return field(required(textConverter(options)), textDoc(options));
}

export function optionalText(options: TextOptions) {
  return field(optionalOf(textConverter(options)), textDoc(options)).optional();
}

/** The OpenAlgo API key. Never echoed: messages say what is wrong, not what was sent. */
export function apiKey() {
  return field(
    required((value) => {
      if (typeof value !== 'string') return fail('must be a string');
      if (value.length === 0) return fail('must not be empty');
      if (value.length > 256) return fail('must be at most 256 characters');
      return ok(value);
    }),
    {
      type: 'string',
      minLength: 1,
      maxLength: 256,
      description: 'Your OpenAlgo API key (64 hex characters)',
    },
  );
}

/** Broker order ids are strings; a client that sends a number means the same id. */
export function orderId() {
  return field(
    required((value) => {
      if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return ok(String(value));
      return textConverter({ max: 64, description: '' })(value);
    }),
    { type: 'string', minLength: 1, maxLength: 64, description: 'Broker order id' },
  );
}

// ---------------------------------------------------------------------------------------------
// enumerations

interface ChoiceOptions<T extends string> {
  values: readonly T[];
  description: string;
  /**
   * Case folding before matching: OpenAlgo upper-cases `action`; we extend that to the other codes
   * (`nse` means NSE). Default 'upper'.
   */
  fold?: 'upper' | 'lower' | 'none';
}

function choiceConverter<T extends string>({ values, fold = 'upper' }: ChoiceOptions<T>): Converter<T> {
  const allowed = new Set<string>(values);
  const message = `must be one of ${values.join(', ')}`;
  return (value) => {
    if (typeof value !== 'string' || value.length > 32) return fail(message);
    const trimmed = value.trim();
    const candidate =
      fold === 'upper' ? trimmed.toUpperCase() : fold === 'lower' ? trimmed.toLowerCase() : trimmed;
    return allowed.has(candidate) ? ok(candidate as T) : fail(message);
  };
}

const choiceDoc = <T extends string>({ values, description }: ChoiceOptions<T>): FieldDoc => ({
  type: 'string',
  enum: [...values],
  description,
});

export function choice<const T extends string>(options: ChoiceOptions<T>) {
  return field(required(choiceConverter(options)), choiceDoc(options));
}

export function choiceWithDefault<const T extends string>(options: ChoiceOptions<T>, fallback: T) {
  // zod types a default through Awaited<T>, which TypeScript cannot simplify for a generic T.
  return field(withDefault(choiceConverter(options), fallback), choiceDoc(options)).default(
    fallback as never,
  );
}

export function optionalChoice<const T extends string>(options: ChoiceOptions<T>) {
  return field(optionalOf(choiceConverter(options)), choiceDoc(options)).optional();
}

// ---------------------------------------------------------------------------------------------
// numbers

interface NumberOptions {
  /** Whole numbers only (quantities). */
  integer?: boolean;
  /** Inclusive lower bound. */
  min?: number;
  /** Exclusive lower bound (`> 0`). */
  above?: number;
  /** Inclusive upper bound; whole numbers are always capped at Number.MAX_SAFE_INTEGER. */
  max?: number;
  description: string;
}

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function numberConverter(options: NumberOptions): Converter<number> {
  const { integer = false, min, above } = options;
  const max = options.max ?? (integer ? Number.MAX_SAFE_INTEGER : undefined);
  return (value) => {
    let n: number;
    if (typeof value === 'number') n = value;
    else if (typeof value === 'string' && value.length <= 40 && NUMERIC_TEXT.test(value.trim()))
      n = Number(value.trim());
    else return fail('must be a number');
    if (!Number.isFinite(n)) return fail('must be a finite number');
    if (integer && !Number.isInteger(n))
      return fail(`must be a whole number (fractional ${n} is not allowed)`);
    if (above !== undefined && !(n > above)) return fail(`must be greater than ${above}`);
    if (min !== undefined && n < min)
      return fail(min === 0 ? 'must be 0 or more' : `must be at least ${min}`);
    if (max !== undefined && n > max) return fail(`must be at most ${max}`);
    // -0 would print as 0 but compare oddly downstream; normalise it.
    return ok(n === 0 ? 0 : n);
  };
}

function numberDoc(options: NumberOptions): FieldDoc {
  const bounds: FieldDoc = {};
  if (options.min !== undefined) bounds.minimum = options.min;
  if (options.above !== undefined) bounds.exclusiveMinimum = options.above;
  if (options.max !== undefined) bounds.maximum = options.max;
  return {
    anyOf: [
      { type: options.integer ? 'integer' : 'number', ...bounds },
      { type: 'string', pattern: '^[+-]?[0-9.eE+-]+$' },
    ],
    description: `${options.description} (a number, or a numeric string)`,
  };
}

export function numeric(options: NumberOptions) {
  return field(required(numberConverter(options)), numberDoc(options));
}

export function numericWithDefault(options: NumberOptions, fallback: number) {
  return field(withDefault(numberConverter(options), fallback), numberDoc(options)).default(fallback);
}

// ---------------------------------------------------------------------------------------------
// booleans and dates

export function bool(description: string) {
  return field(
    required((value) => {
      if (typeof value === 'boolean') return ok(value);
      if (value === 'true') return ok(true);
      if (value === 'false') return ok(false);
      return fail('must be true or false');
    }),
    { type: 'boolean', description },
  );
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isCalendarDate(year: number, month: number, day: number): boolean {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day;
}

export function isoDate(description: string) {
  return field(
    required((value) => {
      if (typeof value !== 'string') return fail('must be a date as YYYY-MM-DD');
      const m = ISO_DATE.exec(value.trim());
      if (!m) return fail('must be a date as YYYY-MM-DD');
      const [, y, mo, d] = m;
      if (!isCalendarDate(Number(y), Number(mo), Number(d))) return fail('is not a calendar date');
      return ok(value.trim());
    }),
    { type: 'string', format: 'date', description },
  );
}

// ---------------------------------------------------------------------------------------------
// containers

/** A request body: anything but a JSON object is refused with a message naming the body. */
export function body<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape, { error: 'must be a JSON object' });
}

/** A list of objects (basket legs, multiquote symbols). */
export function list<T extends z.ZodType>(item: T, options: { min: number; description: string }) {
  return z
    .array(item, {
      error: (issue) =>
        issue.input === undefined || issue.input === null ? 'is required' : 'must be a list',
    })
    .min(options.min, { error: `must hold at least ${options.min} entr${options.min === 1 ? 'y' : 'ies'}` })
    .meta({ description: options.description });
}

/** One object inside a list. */
export function item<Shape extends z.ZodRawShape>(shape: Shape) {
  return z.object(shape, { error: 'must be an object' });
}
