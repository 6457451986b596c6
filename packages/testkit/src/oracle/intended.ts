import { type Difference, differences, type WireRequest, type WireRules } from './wire.js';

/** One row of a broker's table of intended differences: where, what each side sends, and why. */
export interface IntendedDifference {
  /** A place as `flatten` names it: `header.user-agent`, `json.price`, `query.oi`, … */
  at: string;
  /** What the SDK sends there (a pattern when it echoes a per-call value); `undefined` = absent. */
  sdk: string | RegExp | undefined;
  ours: string | RegExp | undefined;
  why: string;
}

/** The assertions bound to one broker's table and wire rules. */
export interface Equivalence<K extends string> {
  /** Every place the two requests disagree under the broker's rules, sorted by where. */
  differences(sdk: WireRequest, ours: WireRequest): Difference[];
  /** Throws unless `ours` differs from `sdk` in exactly the named rows of the table. */
  expectEquivalent(sdk: WireRequest | undefined, ours: WireRequest | undefined, intended: readonly K[]): void;
  /** Pairs the two sides' requests in order (a chunked call sends several) and compares each pair. */
  expectAllEquivalent(
    sdk: readonly WireRequest[],
    ours: readonly WireRequest[],
    intended: readonly K[],
  ): void;
}

/** Raised when two requests differ other than the table says. */
export class EquivalenceError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'EquivalenceError';
  }
}

function matches(expected: string | RegExp | undefined, found: string | undefined): boolean {
  if (expected instanceof RegExp) return found !== undefined && expected.test(found);
  return expected === found;
}

function show(value: string | RegExp | undefined): string {
  if (value === undefined) return 'absent';
  return value instanceof RegExp ? String(value) : JSON.stringify(value);
}

/**
 * One table per broker: every way its adapter's requests may differ from what the official SDK
 * sends for the same call, each with the reason. A case names the rows it expects and
 * `expectEquivalent` asserts exactly those differences exist, so any other difference (a renamed
 * field, a number spelled as a string, a lost header) fails the case that shows it, and a row that
 * no longer differs fails too (the table cannot keep an excuse nothing needs).
 */
export function equivalence<K extends string>(
  table: Readonly<Record<K, IntendedDifference>>,
  rules: WireRules,
): Equivalence<K> {
  const expectEquivalent = (
    sdk: WireRequest | undefined,
    ours: WireRequest | undefined,
    intended: readonly K[],
  ): void => {
    if (!sdk || !ours) {
      throw new EquivalenceError(`a side sent no request (sdk: ${Boolean(sdk)}, ours: ${Boolean(ours)})`);
    }
    const rows = [...new Set(intended)].map((id) => ({ id, row: table[id] }));
    const unexpected: Difference[] = [];
    for (const found of differences(sdk, ours, rules)) {
      const index = rows.findIndex(
        ({ row }) => row.at === found.at && matches(row.sdk, found.sdk) && matches(row.ours, found.ours),
      );
      if (index === -1) unexpected.push(found);
      else rows.splice(index, 1);
    }
    if (unexpected.length === 0 && rows.length === 0) return;
    const lines = [
      `${sdk.method} ${sdk.path}: the requests differ other than the table says`,
      ...unexpected.map((d) => `  unexpected ${d.at}: sdk ${show(d.sdk)}, ours ${show(d.ours)}`),
      ...rows.map(
        ({ id, row }) => `  missing ${id} (${row.at}): expected sdk ${show(row.sdk)}, ours ${show(row.ours)}`,
      ),
    ];
    throw new EquivalenceError(lines.join('\n'));
  };
  return {
    differences: (sdk, ours) => differences(sdk, ours, rules),
    expectEquivalent,
    expectAllEquivalent(sdk, ours, intended) {
      if (ours.length !== sdk.length) {
        const list = (side: readonly WireRequest[]) => side.map((r) => `${r.method} ${r.path}`).join(', ');
        throw new EquivalenceError(
          `the SDK sent ${sdk.length} requests [${list(sdk)}], ours ${ours.length} [${list(ours)}]`,
        );
      }
      for (const [i, request] of sdk.entries()) expectEquivalent(request, ours[i], intended);
    },
  };
}
