import type { MarketSnapshot } from '@openalgo/sandbox';
import { DEPTH_DEFS, INDEX_DEFS, SCRIP_DEFS } from './field-map.js';
import { NO_VALUE, scaled } from './hsm-encode.js';

/**
 * A sandbox market snapshot as the raw i32 values of each HSM topic kind, in the order of the field
 * map this server sends. Prices are scaled by the instrument's precision (multiplier 1); times are
 * epoch seconds; quantities raw.
 */
type Reader = (s: MarketSnapshot) => number | undefined;

const seconds = (s: MarketSnapshot) => Math.floor(s.timestamp / 1000);
const sum = (levels: MarketSnapshot['bids']) => levels.reduce((n, l) => n + l.quantity, 0);
/** The sandbox has no VWAP; the day's typical price stands in for it. */
const typicalPrice = (s: MarketSnapshot) => (s.high > 0 && s.low > 0 ? (s.high + s.low + s.ltp) / 3 : s.ltp);

const SCRIP: Readonly<Record<string, { price: boolean; read: Reader }>> = {
  ltp: { price: true, read: (s) => s.ltp },
  v: { price: false, read: (s) => s.volume },
  ltt: { price: false, read: seconds },
  fdtm: { price: false, read: seconds },
  bq: { price: false, read: (s) => s.bids[0]?.quantity ?? 0 },
  bs: { price: false, read: (s) => s.asks[0]?.quantity ?? 0 },
  bp: { price: true, read: (s) => s.bid },
  sp: { price: true, read: (s) => s.ask },
  ltq: { price: false, read: (s) => s.lastQuantity },
  tbq: { price: false, read: (s) => sum(s.bids) },
  tsq: { price: false, read: (s) => sum(s.asks) },
  ap: { price: true, read: typicalPrice },
  oi: { price: false, read: (s) => s.oi },
  lo: { price: true, read: (s) => s.low },
  h: { price: true, read: (s) => s.high },
  // No 52-week range in the sandbox; the day's stands in (the SDKs drop both anyway, §3.9).
  yh: { price: true, read: (s) => s.high },
  yl: { price: true, read: (s) => s.low },
  lcl: { price: true, read: (s) => s.lowerCircuit ?? 0 },
  ucl: { price: true, read: (s) => s.upperCircuit ?? 0 },
  op: { price: true, read: (s) => s.open },
  c: { price: true, read: (s) => s.prevClose },
};

const INDEX: Readonly<Record<string, { price: boolean; read: Reader }>> = {
  iv: { price: true, read: (s) => s.ltp },
  ic: { price: true, read: (s) => s.prevClose },
  tvalue: { price: false, read: seconds },
  highPrice: { price: true, read: (s) => s.high },
  lowPrice: { price: true, read: (s) => s.low },
  openingPrice: { price: true, read: (s) => s.open },
};

function depthReader(fld: string): { price: boolean; read: Reader } {
  const side = fld.startsWith('bp') || fld.startsWith('bq') || fld.startsWith('bno') ? 'bids' : 'asks';
  const digits = /\d+$/.exec(fld)?.[0];
  // bp, bp1..bp4 are levels 0..4; bno1..bno5 are levels 0..4.
  const level = fld.includes('no') ? Number(digits) - 1 : digits ? Number(digits) : 0;
  if (fld.startsWith('bp') || fld.startsWith('sp'))
    return { price: true, read: (s) => s[side][level]?.price ?? 0 };
  if (fld.includes('no')) return { price: false, read: (s) => s[side][level]?.orders ?? 0 };
  return { price: false, read: (s) => s[side][level]?.quantity ?? 0 };
}

function values(
  defs: readonly { fld: string }[],
  readers: (fld: string) => { price: boolean; read: Reader } | undefined,
) {
  const plan = defs.map((d) => readers(d.fld));
  return (s: MarketSnapshot, precision: number): number[] =>
    plan.map((r) => {
      if (!r) return NO_VALUE;
      const v = r.read(s);
      if (r.price) return scaled(v, precision, 1);
      return v === undefined || !Number.isFinite(v)
        ? NO_VALUE
        : Math.max(-2147483647, Math.min(2147483647, Math.round(v)));
    });
}

export const scripValues = values(SCRIP_DEFS, (fld) => SCRIP[fld]);
export const indexValues = values(INDEX_DEFS, (fld) => INDEX[fld]);
export const depthValues = values(DEPTH_DEFS, depthReader);
