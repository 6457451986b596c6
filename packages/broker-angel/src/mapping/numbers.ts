import { z } from 'zod';

/**
 * Angel sends numbers as JSON numbers in some responses and as strings in others, sometimes both in one
 * object (brokers.md §2.3): `"0.0000"`, `"194.00"`, `null`, `""`, and `"- 2235.80"` (a space after the
 * minus in positions' `netvalue`). Returns undefined for an empty value, NaN for text that is not a number.
 */
export function angelNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'string') return Number.NaN;
  const text = value
    .trim()
    .replace(/^([+-])\s+/, '$1')
    .replace(/,/g, '');
  if (text === '') return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : Number.NaN;
}

// `.optional()` on the input makes a missing key acceptable in an object (zod reads optionality from it).
const numberInput = z.union([z.number(), z.string(), z.null()]).optional();

/** A number sent as a number or a string; absent, `null` or `""` read as 0 (RMS sends `null`s). */
export const num = numberInput.transform((value, ctx) => {
  const n = angelNumber(value);
  if (n === undefined) return 0;
  if (Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: `is not a number (${JSON.stringify(value)})` });
    return z.NEVER;
  }
  return n;
});

/** Like `num`, but the value must be present: a quantity or price the mapping cannot do without. */
export const requiredNum = numberInput.transform((value, ctx) => {
  const n = angelNumber(value);
  if (n === undefined || Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: `must be a number (got ${JSON.stringify(value ?? null)})` });
    return z.NEVER;
  }
  return n;
});

/** Present-or-not: undefined when Angel left it out, so a mapping can tell "0" from "not reported". */
export const optionalNum = numberInput.transform((value, ctx) => {
  const n = angelNumber(value);
  if (n !== undefined && Number.isNaN(n)) {
    ctx.addIssue({ code: 'custom', message: `is not a number (${JSON.stringify(value)})` });
    return z.NEVER;
  }
  return n;
});

/** Text that may be absent or `null`; read as "". */
export const text = z
  .union([z.string(), z.number(), z.null()])
  .optional()
  .transform((v) => (v === null || v === undefined ? '' : String(v)));

/**
 * An order id. Angel sends strings (15 digits, `YYMMDD` + serial), but the docs' and the SDK's order-book
 * samples show a bare number (§2.4); a number is kept only while it is exact (a safe integer), never
 * carried on as a rounded id that would name another order.
 */
export const orderIdText = z.union([
  z.string().trim().min(1),
  z
    .number()
    .refine(Number.isSafeInteger, { error: 'an order id sent as a JSON number has lost digits' })
    .transform(String),
]);

/** Money to the paisa: sums of floats otherwise leak `…0000002`. */
export function paise(value: number): number {
  // `+ 0` turns the −0 of a rounded tiny loss into 0.
  return Math.round(value * 100) / 100 + 0;
}
