import fc from 'fast-check';
import { API_KEY } from './accounts.js';

/**
 * Request generators for the property test: a valid body mutated (fields deleted, retyped, huge,
 * negative, unicode, nested), random JSON, and text that is not JSON, under assorted Content-Types.
 */

const HUGE_STRING = 'x'.repeat(200_000);
const OVERSIZED_BODY = `{"apikey":"${'a'.repeat(2 * 1024 * 1024)}"}`;
const DEEP_OBJECT = (() => {
  let value: unknown = 1;
  for (let i = 0; i < 3000; i++) value = { a: value };
  return value;
})();
const DEEP_TEXT = `${'['.repeat(20_000)}${']'.repeat(20_000)}`;

const edgeValue = fc.oneof(
  fc.constantFrom<unknown>(
    null,
    '',
    ' ',
    '0',
    '-1',
    '1e309',
    'NaN',
    'Infinity',
    '__proto__',
    'buy',
    'sell',
    'LIMIT',
    'SL',
    'SL-M',
    'NSE_INDEX',
    'NFO',
    'D',
    '1m',
    'true',
    '2026-02-30',
    '9'.repeat(400),
    0,
    -0,
    1.5,
    -1,
    1e21,
    Number.MAX_SAFE_INTEGER,
    Number.MAX_SAFE_INTEGER + 2,
    1e308,
    -1e308,
    5e-324,
    true,
    [],
    {},
    HUGE_STRING,
    DEEP_OBJECT,
  ),
  fc.integer({ min: -1_000_000, max: 1_000_000 }),
  fc.double(),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
  fc.jsonValue({ maxDepth: 3 }),
);

type Mutation = (body: Record<string, unknown>) => unknown;

function setPath(body: Record<string, unknown>, path: string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(body);
  let target: unknown = copy;
  for (const part of path.slice(0, -1)) {
    if (typeof target !== 'object' || target === null) return copy;
    target = (target as Record<string, unknown>)[part];
  }
  if (typeof target !== 'object' || target === null) return copy;
  const last = path[path.length - 1] as string;
  if (value === undefined) delete (target as Record<string, unknown>)[last];
  else (target as Record<string, unknown>)[last] = value;
  return copy;
}

/** Paths into the body worth mutating: its fields, list items' fields, and fields it might have. */
function pathsOf(body: Record<string, unknown>, names: Set<string>): string[][] {
  const paths: string[][] = [...names].filter((n) => n !== 'body').map((n) => [n]);
  for (const [key, value] of Object.entries(body)) {
    if (Array.isArray(value)) {
      value.forEach((entry, i) => {
        if (typeof entry === 'object' && entry !== null) {
          for (const inner of Object.keys(entry)) paths.push([key, String(i), inner]);
        }
        paths.push([key, String(i)]);
      });
    }
  }
  return paths;
}

export interface Sent {
  payload: string | undefined;
  contentType: string | undefined;
}

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/',
  undefined,
];

export function requestArbitrary(valid: Record<string, unknown>, names: Set<string>): fc.Arbitrary<Sent> {
  const paths = pathsOf(valid, names);
  const mutation: fc.Arbitrary<Mutation> = fc.oneof(
    fc.constant((b: Record<string, unknown>) => b),
    fc.constantFrom(...paths).map((p) => (b: Record<string, unknown>) => setPath(b, p, undefined)),
    fc.tuple(fc.constantFrom(...paths), edgeValue).map(
      ([p, v]) =>
        (b: Record<string, unknown>) =>
          setPath(b, p, v),
    ),
    fc
      .array(fc.tuple(fc.constantFrom(...paths), fc.option(edgeValue, { nil: undefined })), { maxLength: 5 })
      .map((edits) => (b: Record<string, unknown>) => edits.reduce((acc, [p, v]) => setPath(acc, p, v), b)),
  );
  const asJson: fc.Arbitrary<Sent> = fc
    .tuple(mutation, fc.constantFrom(...CONTENT_TYPES.slice(0, 3), undefined))
    .map(([mutate, contentType]) => ({ payload: JSON.stringify(mutate(valid)), contentType }));
  const randomJson: fc.Arbitrary<Sent> = fc
    .tuple(fc.jsonValue({ maxDepth: 4 }), fc.constantFrom(...CONTENT_TYPES))
    .map(([value, contentType]) => ({ payload: JSON.stringify(value) ?? 'null', contentType }));
  const notJson: fc.Arbitrary<Sent> = fc
    .tuple(
      fc.oneof(
        fc.string({ unit: 'binary', maxLength: 60 }),
        fc.constantFrom(
          '',
          '{',
          '{"apikey":',
          'apikey=abc&strategy=x',
          DEEP_TEXT,
          OVERSIZED_BODY,
          '{"__proto__":{"x":1}}',
        ),
        fc.constant(JSON.stringify(valid).slice(0, -1)),
      ),
      fc.constantFrom(...CONTENT_TYPES),
    )
    .map(([payload, contentType]) => ({ payload, contentType }));
  return fc.oneof(
    { weight: 6, arbitrary: asJson },
    { weight: 2, arbitrary: randomJson },
    { weight: 2, arbitrary: notJson },
  );
}

export function queryArbitrary(
  valid: Record<string, string>,
  names: Set<string>,
): fc.Arbitrary<Record<string, string | string[]>> {
  const value = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 30 }),
    fc.constantFrom('', 'json', 'csv', 'CSV', 'NSE', 'nfo', API_KEY),
    fc.array(fc.string({ maxLength: 5 }), { minLength: 2, maxLength: 3 }),
  );
  const keys = fc.constantFrom(...names, 'zzz');
  return fc.oneof(
    fc.constant(valid),
    fc.tuple(keys, fc.option(value, { nil: undefined })).map(([k, v]) => {
      const copy: Record<string, string | string[]> = { ...valid };
      if (v === undefined) delete copy[k];
      else copy[k] = v;
      return copy;
    }),
    fc.dictionary(keys, value),
  );
}
