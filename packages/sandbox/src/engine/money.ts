/** Rounds to paise. Every amount the engine keeps goes through here so sums never drift. */
export function money(amount: number): number {
  const rounded = Math.round(amount * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

/**
 * A volume-weighted average price, without binary-fraction noise (three fills at 801.55 average to
 * 801.5499999999998 in floating point; a broker prints 801.55). Kept to 1/100 paise, finer than any
 * tick, so an average between ticks (100.075) stays exact.
 */
export function averagePrice(totalValue: number, quantity: number): number {
  return Math.round((totalValue / quantity) * 1e4) / 1e4;
}

const RUPEES = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `₹1,00,000.00`: Indian digit grouping, as a broker's message would show it. */
export function formatRupees(amount: number): string {
  return `₹${RUPEES.format(amount)}`;
}
