/**
 * The HSM field map (connect ack f3, brokers.md §3.9): which value sits at which position of a
 * topic's snapshot/update, and which of them are prices (`ConvNumber`, scaled by the frame's
 * multiplier and precision). Positions are looked up by the `fld` short keys the official JS mapper
 * uses, so a server that reorders its fields still decodes right. Without a map (a server breaking
 * the rule that it always sends one) the documented order is used, as OpenAlgo hard-codes it.
 */

/** The documented position order of each topic kind (`fld` keys). */
export const SCRIP_FIELDS = [
  'ltp',
  'v',
  'ltt',
  'fdtm',
  'bq',
  'bs',
  'bp',
  'sp',
  'ltq',
  'tbq',
  'tsq',
  'ap',
  'oi',
  'lo',
  'h',
  'yh',
  'yl',
  'lcl',
  'ucl',
  'op',
  'c',
] as const;
export const INDEX_FIELDS = ['iv', 'ic', 'tvalue', 'highPrice', 'lowPrice', 'openingPrice'] as const;
export const DEPTH_FIELDS = [
  'bp',
  'bp1',
  'bp2',
  'bp3',
  'bp4',
  'sp',
  'sp1',
  'sp2',
  'sp3',
  'sp4',
  'bq',
  'bq1',
  'bq2',
  'bq3',
  'bq4',
  'bs',
  'bs1',
  'bs2',
  'bs3',
  'bs4',
  'bno1',
  'bno2',
  'bno3',
  'bno4',
  'bno5',
  'sno1',
  'sno2',
  'sno3',
  'sno4',
  'sno5',
] as const;

const SCRIP_PRICES = new Set(['ltp', 'bp', 'sp', 'ap', 'lo', 'h', 'yh', 'yl', 'lcl', 'ucl', 'op', 'c']);
const INDEX_PRICES = new Set(['iv', 'ic', 'highPrice', 'lowPrice', 'openingPrice']);
const DEPTH_PRICES = new Set(DEPTH_FIELDS.filter((f) => f.startsWith('bp') || f.startsWith('sp')));

export interface TopicLayout {
  /** fld key → position (absent keys are -1 through `at`). */
  readonly positions: ReadonlyMap<string, number>;
  /** Per position: scale as a price. */
  readonly prices: readonly boolean[];
  readonly size: number;
  /** Values an `L` (lite) item carries: the first `lite` positions. */
  readonly lite: number;
}

export interface HsmFieldMap {
  scrip: TopicLayout;
  index: TopicLayout;
  depth: TopicLayout;
}

export function at(layout: TopicLayout, key: string): number {
  return layout.positions.get(key) ?? -1;
}

function layout(
  keys: readonly string[],
  priceKeys: ReadonlySet<string>,
  convertible: ReadonlySet<string> | undefined,
  lite: number,
): TopicLayout {
  const positions = new Map<string, number>();
  keys.forEach((key, i) => {
    if (!positions.has(key)) positions.set(key, i);
  });
  return {
    positions,
    prices: keys.map((key) => (convertible ? convertible.has(key) : priceKeys.has(key))),
    size: keys.length,
    lite,
  };
}

export const DEFAULT_FIELD_MAP: HsmFieldMap = {
  scrip: layout(SCRIP_FIELDS, SCRIP_PRICES, undefined, 1),
  index: layout(INDEX_FIELDS, INDEX_PRICES, undefined, 1),
  depth: layout(DEPTH_FIELDS, DEPTH_PRICES, undefined, 1),
};

interface RawField {
  fid?: unknown;
  fld?: unknown;
  dataType?: unknown;
}

function liteCount(value: unknown): number {
  const hfid = (value as { hfid?: unknown } | undefined)?.hfid;
  return typeof hfid === 'number' && Number.isInteger(hfid) && hfid >= 1 && hfid <= 64 ? hfid : 1;
}

/**
 * Reads f3. Returns the default map (and says so) for anything unreadable; a topic list naming a
 * fid the `fields` table lacks also falls back, since positions would otherwise shift silently.
 */
export function parseFieldMap(raw: unknown): { map: HsmFieldMap; problem?: string } {
  if (!raw || typeof raw !== 'object')
    return { map: DEFAULT_FIELD_MAP, problem: 'no field map in the connect reply' };
  const doc = raw as Record<string, unknown>;
  if (!Array.isArray(doc.fields)) return { map: DEFAULT_FIELD_MAP, problem: 'field map without `fields`' };
  const byFid = new Map<string, { fld: string; price: boolean }>();
  for (const entry of doc.fields as RawField[]) {
    if (typeof entry?.fid !== 'string' || typeof entry.fld !== 'string') continue;
    byFid.set(entry.fid, { fld: entry.fld, price: entry.dataType === 'ConvNumber' });
  }
  const build = (name: 'scrip' | 'index' | 'depth', liteKey?: string): TopicLayout | string => {
    const fids = doc[name];
    if (!Array.isArray(fids) || fids.length === 0) return `field map without \`${name}\``;
    const keys: string[] = [];
    const convertible = new Set<string>();
    for (const fid of fids) {
      const known = typeof fid === 'string' ? byFid.get(fid) : undefined;
      if (!known) return `field map lists ${String(fid)} in \`${name}\` but does not define it`;
      keys.push(known.fld);
      if (known.price) convertible.add(known.fld);
    }
    return layout(keys, new Set(), convertible, liteKey ? liteCount(doc[liteKey]) : 1);
  };
  const scrip = build('scrip', 'scrip_lite');
  const index = build('index', 'index_lite');
  const depth = build('depth');
  for (const result of [scrip, index, depth]) {
    if (typeof result === 'string') return { map: DEFAULT_FIELD_MAP, problem: result };
  }
  return { map: { scrip: scrip as TopicLayout, index: index as TopicLayout, depth: depth as TopicLayout } };
}
