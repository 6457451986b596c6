import { describe, expect, it } from 'vitest';
import { isOpenAlgoError } from '../../src/errors/index.js';
import { CsvParser, csvBatches, parseCsv } from '../../src/http/csv.js';
import { seededRandom } from '../../src/testing/property.js';
import { referenceCsv } from './csv-reference.js';

// The chunked parser checked against a plain character-by-character reader of the whole text, on a
// sample that mixes every construct and on random documents cut at random points; and the batch
// stream over it.

async function* chunksOf(parts: readonly (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const part of parts) yield part;
}

async function collect<T>(source: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of source) out.push(item);
  return out;
}

const FIELD_KINDS = [
  () => 'NIFTY24D1924000CE',
  () => '',
  () => '24000.0',
  () => 'NIFTY 50',
  () => '"NIFTY, the index"',
  () => '"multi\r\nline\nname"',
  () => '"says ""hi"""',
  () => '""',
  () => 'a"b',
  () => '"closed"tail',
  () => 'Café ₹ 📈',
  () => '"lone\rcr"',
] as const;

/** A random CSV document mixing plain lines with every construct the parser handles. */
function randomCsv(next: () => number, delimiter = ','): string {
  const endings = ['\n', '\r\n', '\r'];
  const lines: string[] = [];
  const count = 5 + Math.floor(next() * 25);
  for (let l = 0; l < count; l++) {
    if (next() < 0.1) {
      lines.push('');
      continue;
    }
    const plain = next() < 0.6;
    const fields: string[] = [];
    const width = 1 + Math.floor(next() * 6);
    for (let f = 0; f < width; f++) {
      const kind = plain ? Math.floor(next() * 4) : Math.floor(next() * FIELD_KINDS.length);
      fields.push((FIELD_KINDS[kind] as () => string)());
    }
    lines.push(fields.join(delimiter));
  }
  let text = next() < 0.2 ? '\uFEFF' : '';
  for (const line of lines) text += line + (endings[Math.floor(next() * endings.length)] as string);
  return next() < 0.3 ? text.replace(/(\r\n|\r|\n)$/, '') : text;
}

function parseInPieces(text: string, cuts: readonly number[], delimiter?: string): string[][] {
  const parser = new CsvParser(delimiter === undefined ? {} : { delimiter });
  const rows: string[][] = [];
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    rows.push(...parser.push(text.slice(from, cut)));
    from = cut;
  }
  rows.push(...parser.push(text.slice(from)));
  rows.push(...parser.end());
  return rows;
}

describe('CsvParser against the reference reader', () => {
  // Plain lines, then a quoted one with a CRLF inside, a lone CR, a stray quote, CRLF and LF endings,
  // a blank line and a last line with no line end, cut at every point and every pair of points.
  const MIXED =
    'a,b,c\r\n' +
    'd,,f\r\n' +
    'g,"h,\r\ni",j\n' +
    'k,l,m\rn,o,p\n' +
    'q,r"s,t\r\n' +
    '\r\n' +
    ',,\n' +
    'u,v,w';
  const MIXED_ROWS = [
    ['a', 'b', 'c'],
    ['d', '', 'f'],
    ['g', 'h,\r\ni', 'j'],
    ['k', 'l', 'm'],
    ['n', 'o', 'p'],
    ['q', 'r"s', 't'],
    ['', '', ''],
    ['u', 'v', 'w'],
  ];

  it('agrees with the plain reference reader on the mixed sample', () => {
    expect(referenceCsv(MIXED)).toEqual(MIXED_ROWS);
    expect(parseCsv(MIXED)).toEqual(MIXED_ROWS);
  });

  it('gives the same rows at every split point, and every pair of split points', () => {
    for (let a = 0; a <= MIXED.length; a++) {
      expect(parseInPieces(MIXED, [a]), `split at ${a}`).toEqual(MIXED_ROWS);
      for (let b = a; b <= MIXED.length; b++) {
        expect(parseInPieces(MIXED, [a, b]), `split at ${a} and ${b}`).toEqual(MIXED_ROWS);
      }
    }
  });

  it('a CRLF split between two chunks ends one row, not two', () => {
    const parser = new CsvParser();
    expect(parser.push('a,b\r')).toEqual([['a', 'b']]);
    expect(parser.push('\nc,d\r\ne,f\r\n')).toEqual([
      ['c', 'd'],
      ['e', 'f'],
    ]);
    expect(parser.end()).toEqual([]);
  });

  it('a plain line cut by the end of a chunk is finished by the next chunk', () => {
    const parser = new CsvParser();
    expect(parser.push('sym,tok\nSBIN,30')).toEqual([['sym', 'tok']]);
    expect(parser.push('45\nINFY,1594\n')).toEqual([
      ['SBIN', '3045'],
      ['INFY', '1594'],
    ]);
  });

  it('uses the configured delimiter, quoted or not', () => {
    expect(parseCsv('a\tb,c\t"d\te"\nf\t\tg\n', { delimiter: '\t' })).toEqual([
      ['a', 'b,c', 'd\te'],
      ['f', '', 'g'],
    ]);
    expect(parseCsv('a|b\r\nc|d\r\n', { delimiter: '|' })).toEqual([
      ['a', 'b'],
      ['c', 'd'],
    ]);
  });

  it('a quote many lines after the chunk start is still seen', () => {
    const plain = Array.from({ length: 200 }, (_, i) => `${i},X${i}`).join('\n');
    const rows = parseCsv(`${plain}\n1000,"Y,\nZ"\n1001,W\n`);
    expect(rows).toHaveLength(202);
    expect(rows[199]).toEqual(['199', 'X199']);
    expect(rows[200]).toEqual(['1000', 'Y,\nZ']);
    expect(rows[201]).toEqual(['1001', 'W']);
  });

  it('agrees with the reference reader on random documents split at random points', () => {
    for (let seed = 1; seed <= 300; seed++) {
      const next = seededRandom(seed);
      const delimiter = seed % 5 === 0 ? ';' : ',';
      const text = randomCsv(next, delimiter);
      const expected = referenceCsv(text, delimiter);
      const cuts = Array.from({ length: Math.floor(next() * 6) }, () =>
        Math.floor(next() * (text.length + 1)),
      );
      expect(parseInPieces(text, cuts, delimiter), `seed ${seed}, cuts ${cuts}`).toEqual(expected);
    }
  });
});

describe('csvBatches', () => {
  it('yields the rows each chunk completed, never an empty batch', async () => {
    const batches = await collect(csvBatches(chunksOf(['a,b\n1,', '2\n3,4\n5', ',6', '\n'])));
    expect(batches).toEqual([
      [['a', 'b']],
      [
        ['1', '2'],
        ['3', '4'],
      ],
      [['5', '6']],
    ]);
  });

  it('flushes a last row with no line end once the source ends', async () => {
    expect(await collect(csvBatches(chunksOf(['a,b\nc,d'])))).toEqual([[['a', 'b']], [['c', 'd']]]);
  });

  it('agrees with the reference reader on random UTF-8 documents split at random byte offsets', async () => {
    const encoder = new TextEncoder();
    for (let seed = 1; seed <= 100; seed++) {
      const next = seededRandom(seed * 7919);
      const text = randomCsv(next);
      const bytes = encoder.encode(text);
      const cuts = Array.from({ length: Math.floor(next() * 8) }, () =>
        Math.floor(next() * bytes.length),
      ).sort((a, b) => a - b);
      const parts: Uint8Array[] = [];
      let from = 0;
      for (const cut of [...cuts, bytes.length]) {
        parts.push(bytes.subarray(from, cut));
        from = cut;
      }
      const rows = (await collect(csvBatches(chunksOf(parts)))).flat();
      expect(rows, `seed ${seed}, cuts ${cuts}`).toEqual(referenceCsv(text));
    }
  });

  it('yields a batch before the source has ended', async () => {
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
    const iterator = csvBatches(source());
    expect((await iterator.next()).value).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(ended).toBe(false);
    release();
    expect((await iterator.next()).value).toEqual([['3', '4']]);
    expect((await iterator.next()).done).toBe(true);
  });

  it('fails with BROKER_ERROR when the body stops inside a quoted field', async () => {
    let caught: unknown;
    try {
      await collect(csvBatches(chunksOf(['a,b\n1,"unterminated\n'])));
    } catch (err) {
      caught = err;
    }
    expect(isOpenAlgoError(caught, 'BROKER_ERROR')).toBe(true);
  });
});
