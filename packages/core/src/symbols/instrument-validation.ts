import { isOpenAlgoError } from '../errors/openalgo-error.js';
import { type Instrument, InstrumentSchema } from '../model/instrument.js';
import { fieldIssues, formatIssues } from '../model/validation.js';
import { formatDashedExpiry } from './expiry.js';
import { parseSymbol } from './grammar.js';

/**
 * Full check of one master row: the schema, the symbol grammar for its exchange, and that a
 * derivative's symbol agrees with its own expiry and strike columns (a broker transform that gets
 * the strike scaling wrong would otherwise publish `NIFTY…2400000CE` rows that look fine).
 * Returns the problem, or undefined when the row is sound.
 */
export function instrumentRowProblem(row: Instrument): string | undefined {
  const result = InstrumentSchema.safeParse(row);
  if (!result.success) return formatIssues(fieldIssues(result.error));
  let parsed: ReturnType<typeof parseSymbol>;
  try {
    parsed = parseSymbol(row.symbol, row.exchange);
  } catch (error) {
    if (isOpenAlgoError(error)) return error.message;
    throw error;
  }
  if (parsed.kind === 'future' || parsed.kind === 'option') {
    const expiry = formatDashedExpiry(parsed.expiry);
    if (row.expiry !== expiry)
      return `expiry column "${row.expiry}" disagrees with symbol ${row.symbol} (${expiry})`;
  }
  if (parsed.kind === 'option' && Math.abs(row.strike - parsed.strike) > 1e-6) {
    return `strike column ${row.strike} disagrees with symbol ${row.symbol} (${parsed.strike})`;
  }
  return undefined;
}
