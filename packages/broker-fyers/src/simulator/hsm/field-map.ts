/**
 * The field map the simulator's HSM server sends in f3 of its connect ack (brokers.md §3.9). Written
 * out here from the reference table — not derived from the client's decoder — so a mistake in one
 * side cannot hide in the other. The JS SDK needs every fid of `scrip`/`index`/`depth` defined in
 * `fields`, plus f101–f105 which it appends itself, and hard-codes a few fids: scrip LTP `s105`,
 * volume `s104`, VWAP `s113`, close `s121`; index LTP `i102`, close `i103`.
 */

type DataType = 'ConvNumber' | 'Number' | 'timestamp';
interface FieldDef {
  fid: string;
  fld: string;
  dataType: DataType;
}

/** Scrip values in position order: [fid, fld, type]. */
export const SCRIP_DEFS: readonly FieldDef[] = [
  ['s105', 'ltp', 'ConvNumber'],
  ['s104', 'v', 'Number'],
  ['s106', 'ltt', 'timestamp'],
  ['s107', 'fdtm', 'timestamp'],
  ['s108', 'bq', 'Number'],
  ['s109', 'bs', 'Number'],
  ['s110', 'bp', 'ConvNumber'],
  ['s111', 'sp', 'ConvNumber'],
  ['s112', 'ltq', 'Number'],
  ['s114', 'tbq', 'Number'],
  ['s115', 'tsq', 'Number'],
  ['s113', 'ap', 'ConvNumber'],
  ['s116', 'oi', 'Number'],
  ['s117', 'lo', 'ConvNumber'],
  ['s118', 'h', 'ConvNumber'],
  ['s119', 'yh', 'ConvNumber'],
  ['s120', 'yl', 'ConvNumber'],
  ['s122', 'lcl', 'ConvNumber'],
  ['s123', 'ucl', 'ConvNumber'],
  ['s124', 'op', 'ConvNumber'],
  ['s121', 'c', 'ConvNumber'],
].map(([fid, fld, dataType]) => ({ fid, fld, dataType }) as FieldDef);

export const INDEX_DEFS: readonly FieldDef[] = [
  ['i102', 'iv', 'ConvNumber'],
  ['i103', 'ic', 'ConvNumber'],
  ['i104', 'tvalue', 'timestamp'],
  ['i105', 'highPrice', 'ConvNumber'],
  ['i106', 'lowPrice', 'ConvNumber'],
  ['i107', 'openingPrice', 'ConvNumber'],
].map(([fid, fld, dataType]) => ({ fid, fld, dataType }) as FieldDef);

function depthDefs(): FieldDef[] {
  const defs: FieldDef[] = [];
  const level = (base: string, i: number) => (i === 0 ? base : `${base}${i}`);
  let fid = 1;
  const add = (fld: string, dataType: DataType) =>
    defs.push({ fid: `d${String(fid++).padStart(3, '0')}`, fld, dataType });
  for (let i = 0; i < 5; i++) add(level('bp', i), 'ConvNumber');
  for (let i = 0; i < 5; i++) add(level('sp', i), 'ConvNumber');
  for (let i = 0; i < 5; i++) add(level('bq', i), 'Number');
  for (let i = 0; i < 5; i++) add(level('bs', i), 'Number');
  for (let i = 1; i <= 5; i++) add(`bno${i}`, 'Number');
  for (let i = 1; i <= 5; i++) add(`sno${i}`, 'Number');
  return defs;
}
export const DEPTH_DEFS: readonly FieldDef[] = depthDefs();

/** The fields the JS lib appends to every tick and therefore must find defined. */
const APPENDED: readonly FieldDef[] = [
  { fid: 'f101', fld: 'cng', dataType: 'ConvNumber' },
  { fid: 'f102', fld: 'nc', dataType: 'Number' },
  { fid: 'f103', fld: 'to', dataType: 'Number' },
  { fid: 'f104', fld: 'cng', dataType: 'ConvNumber' },
  { fid: 'f105', fld: 'nc', dataType: 'Number' },
];

/** The JSON document of f3. */
export function hsmFieldMapDocument(): string {
  return JSON.stringify({
    fields: [...SCRIP_DEFS, ...INDEX_DEFS, ...DEPTH_DEFS, ...APPENDED],
    scrip: SCRIP_DEFS.map((d) => d.fid),
    index: INDEX_DEFS.map((d) => d.fid),
    depth: DEPTH_DEFS.map((d) => d.fid),
    scrip_lite: { hfid: 1 },
    index_lite: { hfid: 1 },
  });
}
