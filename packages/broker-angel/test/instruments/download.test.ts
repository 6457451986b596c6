import { type HttpClient, type HttpRequest, InstrumentIndex, isOpenAlgoError } from '@openalgo/core';
import { RecordingLogger } from '@openalgo/core/testing';
import { describe, expect, it } from 'vitest';
import { downloadAngelInstruments } from '../../src/instruments/download.js';
import { JsonArrayScanner } from '../../src/instruments/json-array-stream.js';

const URL = 'http://127.0.0.1:9/OpenAPI_File/files/OpenAPIScripMaster.json';

const ROWS = [
  {
    token: '3045',
    symbol: 'SBIN-EQ',
    name: 'SBIN',
    expiry: '',
    strike: '-1.000000',
    lotsize: '1',
    instrumenttype: '',
    exch_seg: 'NSE',
    tick_size: '10.000000',
  },
  {
    token: '99926000',
    symbol: 'Nifty 50',
    name: 'NIFTY',
    expiry: '',
    strike: '0.000000',
    lotsize: '1',
    instrumenttype: 'AMXIDX',
    exch_seg: 'NSE',
    tick_size: '0.000000',
  },
  {
    token: '58784',
    symbol: 'NIFTY28OCT2524400CE',
    name: 'NIFTY',
    expiry: '28OCT2025',
    strike: '2440000.000000',
    lotsize: '75',
    instrumenttype: 'OPTIDX',
    exch_seg: 'NFO',
    tick_size: '5.000000',
  },
  {
    token: '1001',
    symbol: 'GUARSEED24DECFUT',
    name: 'GUARSEED',
    expiry: '20DEC2024',
    strike: '-1.000000',
    lotsize: '5',
    instrumenttype: 'FUTCOM',
    exch_seg: 'NCDEX',
    tick_size: '100.000000',
  },
];

const MASTER = new TextEncoder().encode(JSON.stringify(ROWS, null, 1));

/** Just enough of an HttpClient: serves `body` in `size`-byte chunks and records what was asked. */
function serving(body: Uint8Array, size: number, pulled?: (chunk: number) => void) {
  const requests: HttpRequest[] = [];
  async function* chunks(): AsyncGenerator<Uint8Array> {
    for (let at = 0, n = 0; at < body.length; at += size, n++) {
      pulled?.(n);
      yield body.subarray(at, at + size);
    }
  }
  const http = {
    request: async (req: HttpRequest) => {
      requests.push(req);
      return { status: 200, headers: {}, data: chunks() };
    },
  } as unknown as HttpClient;
  return { http, requests };
}

function download(body: Uint8Array | string, size = 64 * 1024, logger = new RecordingLogger()) {
  const bytes = typeof body === 'string' ? new TextEncoder().encode(body) : body;
  const { http, requests } = serving(bytes, size);
  return {
    rows: downloadAngelInstruments({ http, urls: [URL], timeoutMs: 30_000, logger }),
    requests,
    logger,
  };
}

async function collect(rows: AsyncIterable<unknown>): Promise<unknown[]> {
  const out: unknown[] = [];
  for await (const row of rows) out.push(row);
  return out;
}

async function failure(body: string): Promise<string> {
  try {
    await collect(download(body).rows);
  } catch (err) {
    expect(isOpenAlgoError(err) && err.code).toBe('BROKER_ERROR');
    return (err as Error).message;
  }
  throw new Error('the download did not fail');
}

describe('downloadAngelInstruments', () => {
  it('streams the master as a GET of the public URL, skipping and counting rows it cannot map', async () => {
    const { rows, requests, logger } = download(MASTER);
    const got = await collect(rows);
    expect(got.map((r) => (r as { symbol: string }).symbol)).toEqual([
      'SBIN',
      'NIFTY',
      'NIFTY28OCT2524400CE',
    ]);
    expect(requests).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: URL,
        responseType: 'stream',
        timeoutMs: 30_000,
        kind: 'read',
      }),
    ]);
    const summary = logger.records.find((r) => r.msg === 'instrument master parsed');
    expect(summary?.fields).toMatchObject({
      rows: 3,
      skipped: 1,
      samples: [expect.stringMatching(/^NCDEX:GUARSEED24DECFUT \(1001\): unsupported segment/)],
    });
  });

  it('gives the same rows whatever the chunking, down to one byte at a time', async () => {
    const whole = await collect(download(MASTER).rows);
    for (const size of [1, 2, 7, 64, 333]) expect(await collect(download(MASTER, size).rows)).toEqual(whole);
  });

  it('yields rows before the body has finished arriving (never the whole body at once)', async () => {
    const many = new TextEncoder().encode(JSON.stringify(Array.from({ length: 2000 }, () => ROWS[0])));
    let pulledChunks = 0;
    const { http } = serving(many, 4096, (n) => {
      pulledChunks = n + 1;
    });
    const iterator = downloadAngelInstruments({
      http,
      urls: [URL],
      timeoutMs: 1,
      logger: new RecordingLogger(),
    })[Symbol.asyncIterator]();
    await iterator.next();
    expect(pulledChunks).toBeLessThan(many.length / 4096 / 2);
    await iterator.return?.();
  });

  it('loads into core’s InstrumentIndex a batch at a time', async () => {
    const index = new InstrumentIndex();
    const result = await index.load(download(MASTER, 50).rows);
    expect(result).toMatchObject({ replaced: true, rows: 3 });
    expect(index.getByToken('NSE', '99926000')?.symbol).toBe('NIFTY');
    expect(index.get('NIFTY28OCT2524400CE', 'NFO')?.strike).toBe(24400);
  });

  it('fails loudly on a body that is not the master', async () => {
    expect(
      await failure('{"success":false,"message":"Invalid Token","errorCode":"AG8001","data":""}'),
    ).toMatch(/JSON object, not the array of rows/);
    expect(await failure('<html><body>Service Unavailable</body></html>')).toMatch(/is not a JSON array/);
    expect(await failure('')).toMatch(/is empty/);
    expect(await failure('[]')).toMatch(/has no rows/);
    expect(await failure('[{"exchange":"NSE","tradingsymbol":"SBIN"}]')).toMatch(
      /rows without token, symbol/,
    );
    expect(await failure(JSON.stringify(ROWS).slice(0, -40))).toMatch(/cut-off download/);
    expect(await failure(`${JSON.stringify(ROWS)} trailing`)).toMatch(/text after the closing/);
    expect(await failure('[{"token":"1"} {"token":"2"}]')).toMatch(/expected "," or "\]"/);
    expect(await failure('[{"token":"1"},,{"token":"2"}]')).toMatch(/not a JSON object/);
    expect(await failure('[{"token":"1",}]')).toMatch(/not valid JSON/);
    expect(await failure('[1,2]')).toMatch(/not a JSON object/);
  });

  it('refuses anything but one URL', async () => {
    const { http } = serving(MASTER, 10);
    const rows = downloadAngelInstruments({
      http,
      urls: [URL, URL],
      timeoutMs: 1,
      logger: new RecordingLogger(),
    });
    await expect(collect(rows)).rejects.toThrow(/exactly one instrument master URL/);
  });
});

describe('JsonArrayScanner', () => {
  it('finds element ends through strings holding braces, brackets, quotes and backslashes', () => {
    const tricky = [
      { a: 'x}y{z', b: '[nested]' },
      { a: 'quote " inside', b: 'slash \\', c: '\\"' },
      { a: { deep: [1, { e: '}' }] }, b: 'ü €' },
      { a: '\\\\"\\' },
    ];
    const text = JSON.stringify(tricky);
    for (let size = 1; size <= text.length; size++) {
      const scanner = new JsonArrayScanner('test body');
      const out: unknown[] = [];
      for (let at = 0; at < text.length; at += size) out.push(...scanner.push(text.slice(at, at + size)));
      scanner.end();
      expect(out).toEqual(tricky);
    }
  });

  it('skips a leading byte-order mark and surrounding whitespace', () => {
    const scanner = new JsonArrayScanner('test body');
    expect(scanner.push('\ufeff \n[ {"a":"1"} ,\n {"a":"2"} ]\n')).toEqual([{ a: '1' }, { a: '2' }]);
    expect(() => scanner.end()).not.toThrow();
  });
});
