import { z } from 'zod';

export const PositiveIntSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .positive({ error: 'must be greater than 0' })
  .max(Number.MAX_SAFE_INTEGER);
export const NonNegativeIntSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .nonnegative({ error: 'must be 0 or more' })
  .max(Number.MAX_SAFE_INTEGER);
export const SignedIntSchema = z
  .number({ error: 'must be a number' })
  .int({ error: 'must be a whole number' })
  .min(Number.MIN_SAFE_INTEGER)
  .max(Number.MAX_SAFE_INTEGER);
export const PriceSchema = z
  .number({ error: 'must be a number' })
  .nonnegative({ error: 'must be 0 or more' })
  .finite({ error: 'must be finite' });
/** Any finite number (P&L, signed values). */
export const AmountSchema = z.number({ error: 'must be a number' }).finite({ error: 'must be finite' });
export const NonEmptyStringSchema = z
  .string({ error: 'must be a string' })
  .min(1, { error: 'must not be empty' });
