import { z } from 'zod';
import { ExchangeSchema } from './enums.js';
import { NonNegativeIntSchema } from './numbers.js';

/** `DD-MMM-YY`, upper case (`26-DEC-24`), or empty for instruments without an expiry. */
export const ExpirySchema = z.union([z.literal(''), z.string().regex(/^\d{2}-[A-Z]{3}-\d{2}$/)], {
  error: 'must be DD-MMM-YY (e.g. 26-DEC-24) or empty',
});

/** One row of a broker master in OpenAlgo terms (docs/architecture.md §3). */
export const InstrumentSchema = z.object({
  symbol: z.string().min(1),
  exchange: ExchangeSchema,
  /** The broker's own trading symbol. */
  brsymbol: z.string().min(1),
  /** The broker's own exchange/segment code. */
  brexchange: z.string().min(1),
  /** The broker's instrument token (Zerodha keeps `instrument_token::::exchange_token`). */
  token: z.string().min(1),
  name: z.string(),
  expiry: ExpirySchema,
  /** 0 when not an option. */
  strike: z.number().nonnegative(),
  lotSize: NonNegativeIntSchema,
  tickSize: z.number().nonnegative(),
  /** Broker-specific type (EQ, FUT, CE, PE, FUTIDX, OPTSTK, INDEX…). */
  instrumentType: z.string(),
});
export type Instrument = z.infer<typeof InstrumentSchema>;
