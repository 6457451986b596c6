import type { AngelScrip } from './master.js';

/** The key order of a live row (§2.5): token, symbol, name, expiry, strike, lotsize, instrumenttype, exch_seg, tick_size. */
export const SCRIP_KEYS = [
  'token',
  'symbol',
  'name',
  'expiry',
  'strike',
  'lotsize',
  'instrumenttype',
  'exch_seg',
  'tick_size',
] as const satisfies ReadonlyArray<keyof AngelScrip>;

/**
 * `OpenAPIScripMaster.json`: one JSON array of row objects, compact (no whitespace between tokens), so
 * a client that splits on newlines finds one enormous line — only a real streaming parser copes.
 * Serialised in slices so no single string grows to the size of the whole master.
 */
export function scripMasterJson(rows: readonly AngelScrip[]): Buffer {
  const chunks: Buffer[] = [Buffer.from('[')];
  const SLICE = 5_000;
  for (let start = 0; start < rows.length; start += SLICE) {
    const parts: string[] = [];
    for (const row of rows.slice(start, start + SLICE))
      parts.push(JSON.stringify(row, SCRIP_KEYS as unknown as string[]));
    chunks.push(Buffer.from((start === 0 ? '' : ',') + parts.join(',')));
  }
  chunks.push(Buffer.from(']'));
  return Buffer.concat(chunks);
}
