/** Rounds to paise. Every amount the engine keeps goes through here so sums never drift. */
export function money(amount: number): number {
  const rounded = Math.round(amount * 100) / 100;
  return rounded === 0 ? 0 : rounded;
}

const RUPEES = new Intl.NumberFormat('en-IN', { minimumFractionDigits: 2, maximumFractionDigits: 2 });

/** `₹1,00,000.00`: Indian digit grouping, as a broker's message would show it. */
export function formatRupees(amount: number): string {
  return `₹${RUPEES.format(amount)}`;
}
