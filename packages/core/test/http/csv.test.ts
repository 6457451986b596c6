import { describe, expect, it } from 'vitest';
import { isOpenAlgoError } from '../../src/errors/index.js';
import { CsvParser, csvRows, parseCsv } from '../../src/http/csv.js';

async function* chunksOf(parts: readonly (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const TRICKY =
  '\uFEFFtoken,symbol,name,note\r\n' +
  '256265,NIFTY 50,"NIFTY, the index","says ""hi"""\r\n' +
  '738561,RELIANCE,"multi\r\nline\nname",\r\n' +
  '\r\n' +
  '5633,ACC,,""\n' +
  '1,X,"a""b",last';

const TRICKY_ROWS = [
  ['token', 'symbol', 'name', 'note'],
  ['256265', 'NIFTY 50', 'NIFTY, the index', 'says "hi"'],
  ['738561', 'RELIANCE', 'multi\r\nline\nname', ''],
  ['5633', 'ACC', '', ''],
  ['1', 'X', 'a"b', 'last'],
];

describe('parseCsv', () => {
  it('handles quotes, escaped quotes, embedded delimiters and newlines, CRLF, BOM and blank lines', () => {
    expect(parseCsv(TRICKY)).toEqual(TRICKY_ROWS);
  });

  it('returns records keyed by the header row', () => {
    const records = parseCsv('a,b\n1,2\n3\n', { header: true });
    expect(records).toEqual([
      { a: '1', b: '2' },
      { a: '3', b: '' },
    ]);
  });

  it('keeps a row holding only an empty quoted field and a trailing empty field', () => {
    expect(parseCsv('""\nx,\n')).toEqual([[''], ['x', '']]);
  });

  it('supports another delimiter', () => {
    expect(parseCsv('a|"b|c"\n', { delimiter: '|' })).toEqual([['a', 'b|c']]);
  });

  it('handles lone CR line endings', () => {
    expect(parseCsv('a,b\rc,d\r')).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('fails with BROKER_ERROR when the input stops inside a quoted field', () => {
    let caught: unknown;
    try {
      parseCsv('a,"unterminated\n1,2');
    } catch (err) {
      caught = err;
    }
    expect(isOpenAlgoError(caught, 'BROKER_ERROR')).toBe(true);
  });
});

describe('CsvParser chunking', () => {
  it('gives the same rows however the text is split (every split point of the tricky sample)', () => {
    for (let cut = 0; cut <= TRICKY.length; cut++) {
      const parser = new CsvParser();
      const rows = [...parser.push(TRICKY.slice(0, cut)), ...parser.push(TRICKY.slice(cut)), ...parser.end()];
      expect(rows, `split at ${cut}`).toEqual(TRICKY_ROWS);
    }
  });

  it('gives the same rows when fed one character at a time', () => {
    const parser = new CsvParser();
    const rows: string[][] = [];
    for (const ch of TRICKY) rows.push(...parser.push(ch));
    rows.push(...parser.end());
    expect(rows).toEqual(TRICKY_ROWS);
  });
});

describe('csvRows', () => {
  it('streams rows from byte chunks, decoding a multi-byte character split across chunks', async () => {
    const bytes = new TextEncoder().encode('name,city\n"Café ₹",Pune\n');
    const splitInsideRupee = bytes.indexOf(0xe2) + 1;
    const rows = await collect(
      csvRows(chunksOf([bytes.subarray(0, splitInsideRupee), bytes.subarray(splitInsideRupee)])),
    );
    expect(rows).toEqual([
      ['name', 'city'],
      ['Café ₹', 'Pune'],
    ]);
  });

  it('reads ASCII chunks, then a character split across later chunks, then ASCII again', async () => {
    const bytes = new TextEncoder().encode('sym,tok\nSBIN,3045\nCAFÉ,1\nINFY,1594\n');
    const splitInsideE = bytes.indexOf(0xc3) + 1;
    const parts = [bytes.subarray(0, 8), bytes.subarray(8, splitInsideE), bytes.subarray(splitInsideE)];
    expect(await collect(csvRows(chunksOf([...parts, bytes.subarray(0, 0)])))).toEqual([
      ['sym', 'tok'],
      ['SBIN', '3045'],
      ['CAFÉ', '1'],
      ['INFY', '1594'],
    ]);
  });

  it('yields records when asked for a header', async () => {
    const records = await collect(
      csvRows(chunksOf(['sym,tok', 'en\nSBIN,3045\nINFY,1594']), { header: true }),
    );
    expect(records).toEqual([
      { sym: 'SBIN', token: '3045' },
      { sym: 'INFY', token: '1594' },
    ]);
  });

  it('yields rows before the source has ended', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    let ended = false;
    async function* source(): AsyncGenerator<string> {
      yield 'a,b\n1,2\n';
      await gate;
      yield '3,4\n';
      ended = true;
    }
    const iterator = csvRows(source());
    expect((await iterator.next()).value).toEqual(['a', 'b']);
    expect((await iterator.next()).value).toEqual(['1', '2']);
    expect(ended).toBe(false);
    release();
    expect((await iterator.next()).value).toEqual(['3', '4']);
    expect((await iterator.next()).done).toBe(true);
    expect(ended).toBe(true);
  });
});
