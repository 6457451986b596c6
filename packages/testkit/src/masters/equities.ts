import { COMPANY_SUFFIXES, COMPANY_WORDS, KNOWN_EQUITIES } from './catalogue.js';
import { logUniform, pick, unit } from './random.js';

export interface EquityProfile {
  ticker: string;
  name: string;
  price: number;
  tickSize: number;
  isin: string;
}

const KNOWN = new Set(KNOWN_EQUITIES.map(([ticker]) => ticker));
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
/** Generated tickers: six letters for NSE names, seven for BSE-only names, so the sets never meet. */
const SPAN: Record<number, number> = { 6: 26 ** 6, 7: 26 ** 7 };
/** Coprime with 26, so `n * STRIDE mod 26^k` visits every ticker once and neighbours look unrelated. */
const STRIDE = 7_919 * 3;

/** A seed-dependent letter order, so different seeds give different tickers. */
function alphabet(seed: number): string {
  const letters = LETTERS.split('');
  for (let i = letters.length - 1; i > 0; i--) {
    const j = Math.floor(unit(seed, 1, i) * (i + 1));
    [letters[i], letters[j]] = [letters[j] as string, letters[i] as string];
  }
  return letters.join('');
}

/** Distinct `n` give distinct tickers; a clash with a known ticker gets a digit, which no generated one has. */
function tickerFor(n: number, length: 6 | 7, letters: string, offset: number): string {
  const span = SPAN[length] as number;
  let v = ((((n % span) * STRIDE) % span) + offset) % span;
  let text = '';
  for (let i = 0; i < length; i++) {
    text = letters[v % 26] + text;
    v = Math.floor(v / 26);
  }
  return KNOWN.has(text) ? `${text}1` : text;
}

export function tickSizeFor(price: number): number {
  return price < 100 ? 0.01 : 0.05;
}

export function roundTo(value: number, step: number): number {
  return Number((Math.round(value / step) * step).toFixed(4));
}

/**
 * The `n`-th equity of a namespace (NSE names, BSE-only names), computed on its own so F&O
 * underlyings can be known without generating the whole equity list first.
 */
export function equityProfile(seed: number, namespace: number, n: number): EquityProfile {
  const known = namespace === 0 ? KNOWN_EQUITIES[n] : undefined;
  const isin = `INE${(namespace * 1e7 + n).toString(36).toUpperCase().padStart(6, '0').slice(-6)}01${n % 10}`;
  if (known) {
    const [ticker, name, price] = known;
    return { ticker, name, price, tickSize: tickSizeFor(price), isin };
  }
  const letters = alphabet(seed);
  const ticker = tickerFor(n, namespace === 0 ? 6 : 7, letters, Math.floor(unit(seed, 3, namespace) * 1e6));
  const name = `${pick(COMPANY_WORDS, seed, 2 + namespace, n)} ${pick(COMPANY_SUFFIXES, seed, 4 + namespace, n)} LTD`;
  const raw = logUniform(5, 20_000, seed, 6 + namespace, n);
  const tickSize = tickSizeFor(raw);
  return { ticker, name, price: roundTo(raw, tickSize), tickSize, isin };
}
