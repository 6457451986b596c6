import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { NOT_SERVED } from '../sdk/not-served.js';

const DOC = readFileSync(join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'SIMULATOR.md'), 'utf8');

/** The rows of the markdown table under `heading`, as arrays of cells. */
function tableUnder(heading: string): string[][] {
  const section = DOC.split(`\n## ${heading}\n`)[1]?.split('\n## ')[0] ?? '';
  return section
    .split('\n')
    .filter((line) => line.startsWith('| ') && !line.startsWith('| SDK method') && !line.startsWith('|---'))
    .map((line) =>
      line
        .split('|')
        .slice(1, -1)
        .map((cell) => cell.trim().replace(/`/g, '')),
    );
}

describe('SIMULATOR.md', () => {
  it('lists exactly the calls the SDK suite proves are not served, with their routes', () => {
    const rows = tableUnder('Not served').map(([method, route]) => `${method} ${route}`);
    expect(rows).toEqual(NOT_SERVED.map((row) => `${row.method} ${row.route}`));
  });

  it('documents every served SmartAPI route', () => {
    const routes = tableUnder('Served').map(([, route]) => route ?? '');
    for (const path of [
      'loginByPassword',
      'generateTokens',
      'logout',
      'getProfile',
      'getRMS',
      'placeOrder',
      'modifyOrder',
      'cancelOrder',
      'getOrderBook',
      'details/{uniqueorderid}',
      'getTradeBook',
      'getPosition',
      'getHolding',
      'getAllHolding',
      'market/v1/quote',
      'getLtpData',
      'getCandleData',
      'getOIData',
      'margin/v1/batch',
      'OpenAPIScripMaster.json',
    ]) {
      expect(
        routes.some((route) => route.includes(path)),
        path,
      ).toBe(true);
    }
  });
});
