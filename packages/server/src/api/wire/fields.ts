import { oneOf } from '@openalgo/core';
import { z } from 'zod';
import { type Decoded, decodeNames, describeField } from './names.js';

/**
 * Wire fields: a schema (core's, or the server's own for fields only the wire has) wrapped in what
 * OpenAlgo clients send — numbers as numbers or numeric strings, codes in any case, `null` for "not
 * given", padded text. The wrapped schema decides validity and wording; every message follows the
 * field name ("quantity: must be a whole number"). The OpenAPI document shows the wrapped schema's
 * JSON Schema (plus the numeric-string form), because a transform has none of its own.
 */

type Coerce = (value: unknown) => unknown;

const NUMERIC_TEXT = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

function toNumber(value: unknown): unknown {
  const n =
    typeof value === 'string' && value.length <= 40 && NUMERIC_TEXT.test(value.trim())
      ? Number(value.trim())
      : value;
  // -0 would print as 0 but compare oddly downstream.
  return n === 0 ? 0 : n;
}

/**
 * Codes are matched after case folding (OpenAlgo upper-cases `action`; `nse` means NSE too), but only
 * when every allowed value has one case: folding `1m` would turn minutes into months.
 */
function folding(values: readonly string[]): Coerce {
  const fold = values.every((v) => v === v.toUpperCase())
    ? (s: string) => s.toUpperCase()
    : values.every((v) => v === v.toLowerCase())
      ? (s: string) => s.toLowerCase()
      : (s: string) => s;
  return (value) => (typeof value === 'string' && value.length <= 32 ? fold(value.trim()) : value);
}

function coercionFor(schema: z.ZodType): Coerce {
  const type = schema._zod.def.type;
  if (type === 'number') return toNumber;
  if (schema instanceof z.ZodEnum) return folding(schema.options as string[]);
  if (type === 'boolean') return (v) => (v === 'true' ? true : v === 'false' ? false : v);
  if (type === 'string') return (v) => (typeof v === 'string' ? v.trim() : v);
  return (v) => v;
}

function docFor(schema: z.ZodType, description: string): Record<string, unknown> {
  const { $schema: _dialect, ...json } = z.toJSONSchema(schema, { io: 'input', unrepresentable: 'any' });
  if (schema._zod.def.type !== 'number') return { ...json, description };
  return {
    anyOf: [json, { type: 'string', pattern: '^[+-]?[0-9.eE+-]+$' }],
    description: `${description} (a number, or a numeric string)`,
  };
}

const ABSENT = Symbol('absent');

function convert<T>(schema: z.ZodType<T>, description: string, absent: T | typeof ABSENT, coerce?: Coerce) {
  const toWire = coerce ?? coercionFor(schema);
  return z
    .unknown()
    .transform((value, ctx): T => {
      if (value === undefined || value === null) {
        if (absent !== ABSENT) return absent;
        ctx.addIssue({ code: 'custom', message: 'is required', input: value });
        return z.NEVER;
      }
      const result = schema.safeParse(toWire(value));
      if (result.success) return result.data;
      // One message per field: the first thing wrong with it (1e300 is not "whole" and not "at most").
      const [first] = result.error.issues;
      ctx.addIssue({
        code: 'custom',
        message: first?.message ?? 'is invalid',
        path: first?.path,
        input: value,
      });
      return z.NEVER;
    })
    .meta(docFor(schema, description));
}

/**
 * The wire form of a schema. A core default (`priceType` MARKET) or `.optional()` carries over;
 * `null` counts as absent. `coerce` replaces the usual conversion for the schema's type.
 */
export function wire<T>(
  schema: z.ZodDefault<z.ZodType<T>>,
  description: string,
  coerce?: Coerce,
): z.ZodType<T>;
export function wire<T>(
  schema: z.ZodOptional<z.ZodType<T>>,
  description: string,
  coerce?: Coerce,
): z.ZodOptional<z.ZodType<T>>;
export function wire<T>(schema: z.ZodType<T>, description: string, coerce?: Coerce): z.ZodType<T>;
export function wire(schema: z.ZodType, description: string, coerce?: Coerce): z.ZodType {
  if (schema instanceof z.ZodDefault) {
    const fallback: unknown = schema.def.defaultValue;
    return convert(schema.def.innerType as z.ZodType, description, fallback, coerce).default(fallback);
  }
  if (schema instanceof z.ZodOptional) {
    return convert(schema.unwrap() as z.ZodType, description, undefined, coerce).optional();
  }
  return convert(schema, description, ABSENT, coerce);
}

/** The same field without its default: OpenAlgo's modifyorder requires every order field. */
export function required(schema: z.ZodType): z.ZodType {
  return schema instanceof z.ZodDefault ? (schema.def.innerType as z.ZodType) : schema;
}

// ---------------------------------------------------------------------------------------------
// fields only the wire has

/** Trimmed, non-empty text of at most `max` characters. */
export function text(max: number, description: string) {
  return wire(
    z
      .string({ error: 'must be a string' })
      .min(1, { error: 'must not be empty' })
      .max(max, { error: `must be at most ${max} characters` }),
    description,
  );
}

/** OpenAlgo requires a strategy name on order calls (core keeps it optional). */
export const strategy = () => text(100, describeField('strategy'));

/** One of `values`, folded to their case. */
export function choice<const T extends readonly [string, ...string[]]>(values: T, description: string) {
  return wire(oneOf(values), description);
}

/** The OpenAlgo API key, taken as sent (never trimmed, never echoed: messages say what is wrong). */
export const apiKey = () =>
  wire(
    z
      .string({ error: 'must be a string' })
      .min(1, { error: 'must not be empty' })
      .max(256, { error: 'must be at most 256 characters' }),
    'Your OpenAlgo API key (64 hex characters)',
    (value) => value,
  );

const orderIdText = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' })
  .max(64, { error: 'must be at most 64 characters' });

/** Broker order ids are strings; a client that sends a number means the same id. */
export const orderId = () =>
  wire(orderIdText, 'Broker order id', (value) =>
    typeof value === 'number' && Number.isSafeInteger(value) && value >= 0
      ? String(value)
      : typeof value === 'string'
        ? value.trim()
        : value,
  );

// ---------------------------------------------------------------------------------------------
// containers

/** A request body, decoded into core's field names; anything but a JSON object is refused naming the body. */
export function body<Shape extends z.ZodRawShape>(shape: Shape) {
  return z
    .object(shape, { error: 'must be a JSON object' })
    .transform((request) => decodeNames(request) as Decoded<typeof request>);
}

/** A list of objects (basket legs, multiquote symbols). */
export function list<T extends z.ZodType>(entry: T, options: { min: number; description: string }) {
  return z
    .array(entry, {
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
