import { InvalidRequestError } from '../errors/openalgo-error.js';

/**
 * Six decimals is finer than any Indian contract's strike step (currency options go to 0.0025), and
 * rounding there hides float noise from broker conversions (Angel's strike ÷ 100) that would
 * otherwise leak into the symbol as `292.50000000000006`.
 */
const STRIKE_DECIMALS = 6;

/** A strike as it appears in a symbol: `24000` (no `.0`), `292.5`, never exponent notation. */
export function formatStrike(strike: number): string {
  if (!Number.isFinite(strike) || strike <= 0 || strike > Number.MAX_SAFE_INTEGER) {
    throw new InvalidRequestError(`Invalid strike ${strike}: must be a finite number greater than 0`, {
      field: 'strike',
      details: { strike },
    });
  }
  // toFixed never uses exponent notation below 1e21; trimming zeros drops `.0` and keeps `.5`.
  const text = strike.toFixed(STRIKE_DECIMALS).replace(/\.?0+$/, '');
  if (text === '0') {
    throw new InvalidRequestError(`Invalid strike ${strike}: rounds to 0 at ${STRIKE_DECIMALS} decimals`, {
      field: 'strike',
      details: { strike },
    });
  }
  return text;
}

const STRIKE_TEXT = /^\d+(?:\.\d+)?$/;

/** The number in a strike's text, or undefined when it is not plain decimal digits. */
export function readStrike(text: string): number | undefined {
  if (!STRIKE_TEXT.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) && value > 0 ? value : undefined;
}
