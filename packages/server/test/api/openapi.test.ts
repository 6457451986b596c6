import { afterEach, describe, expect, test } from 'vitest';
import { API_ENDPOINTS, buildOpenApiDocument, renderDocsPage } from '../../src/api/index.js';
import { type FakeHarness, fakeHarness } from './support/harness.js';

type Json = Record<string, unknown>;

const ALL_PATHS = [
  'placeorder',
  'placesmartorder',
  'modifyorder',
  'cancelorder',
  'cancelallorder',
  'closeposition',
  'basketorder',
  'splitorder',
  'placegttorder',
  'modifygttorder',
  'cancelgttorder',
  'gttorderbook',
  'orderstatus',
  'openposition',
  'funds',
  'orderbook',
  'tradebook',
  'positionbook',
  'holdings',
  'margin',
  'quotes',
  'multiquotes',
  'depth',
  'history',
  'intervals',
  'symbol',
  'search',
  'expiry',
  'instruments',
  'ping',
  'analyzer',
  'analyzer/toggle',
  'market/holidays',
  'market/timings',
  'ticker/{symbol}',
  'optionsymbol',
  'optionchain',
  'syntheticfuture',
  'optiongreeks',
  'multioptiongreeks',
  'optionsorder',
  'optionsmultiorder',
  'strategy/create',
  'strategy/list',
  'strategy/update',
  'strategy/delete',
];

function requestSchema(doc: Json, path: string): Json {
  const op = (doc.paths as Record<string, Record<string, Json>>)[`/api/v1/${path}`]?.post as Json;
  return ((op.requestBody as Json).content as Record<string, Json>)['application/json']?.schema as Json;
}

describe('buildOpenApiDocument', () => {
  const doc = buildOpenApiDocument() as unknown as Json;

  test('documents every endpoint of the issue, and only those', () => {
    expect(Object.keys(doc.paths as Json).sort()).toEqual(ALL_PATHS.map((p) => `/api/v1/${p}`).sort());
    expect(API_ENDPOINTS).toHaveLength(ALL_PATHS.length);
    expect(doc.openapi).toBe('3.1.0');
  });

  test('request bodies come from the validating schemas: required fields and enums', () => {
    const place = requestSchema(doc, 'placeorder');
    expect([...(place.required as string[])].sort()).toEqual(
      ['action', 'apikey', 'exchange', 'quantity', 'strategy', 'symbol'].sort(),
    );
    const props = place.properties as Record<string, Json>;
    expect(props.pricetype).toMatchObject({ enum: ['MARKET', 'LIMIT', 'SL', 'SL-M'], default: 'MARKET' });
    expect(props.exchange?.enum).toContain('NFO');
    expect(Object.keys(props)).toContain('trigger_price');
    const basket = requestSchema(doc, 'basketorder');
    const legs = (basket.properties as Record<string, Json>).orders as Json;
    expect(legs.type).toBe('array');
    expect((legs.items as Json).required).toEqual(expect.arrayContaining(['symbol', 'quantity']));
  });

  test('the GET endpoint documents query parameters; errors share the envelope', () => {
    const get = (doc.paths as Record<string, Record<string, Json>>)['/api/v1/instruments']?.get as Json;
    const params = get.parameters as Json[];
    expect(params.map((p) => p.name)).toEqual(['apikey', 'exchange', 'format']);
    expect(params.every((p) => p.in === 'query')).toBe(true);
    const responses = get.responses as Record<string, Json>;
    expect(Object.keys(responses)).toEqual(['200', '400', '401', '403', '404', '429', '501', '502', '503']);
    expect(JSON.stringify(responses['403'])).toContain('#/components/schemas/ErrorEnvelope');
  });

  test('success schemas describe OpenAlgo shapes', () => {
    const funds = (doc.paths as Record<string, Record<string, Json>>)['/api/v1/funds']?.post as Json;
    const schema = JSON.stringify(funds.responses);
    for (const key of ['availablecash', 'collateral', 'm2mrealized', 'm2munrealized', 'utiliseddebits']) {
      expect(schema).toContain(key);
    }
  });
});

describe('docs routes', () => {
  let h: FakeHarness;
  afterEach(async () => h.app.close());

  test('GET /api/openapi.json serves the document', async () => {
    h = await fakeHarness();
    const response = await h.app.inject({ method: 'GET', url: '/api/openapi.json' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('application/json');
    expect(JSON.parse(response.body)).toEqual(JSON.parse(JSON.stringify(buildOpenApiDocument())));
  });

  test('GET /api/docs is a self-contained page listing every endpoint', async () => {
    h = await fakeHarness();
    const response = await h.app.inject({ method: 'GET', url: '/api/docs' });
    expect(response.statusCode).toBe(200);
    expect(response.headers['content-type']).toContain('text/html');
    for (const path of ALL_PATHS) expect(response.body).toContain(`/api/v1/${path}`);
    expect(response.body).toContain('trigger_price');
    // Nothing is fetched from elsewhere: no scripts, no external stylesheets or images.
    expect(response.body).not.toMatch(/<script|<link|<img|<iframe|src=|href="https?:|url\(/i);
  });

  test('the page escapes what it renders', () => {
    const doc = buildOpenApiDocument();
    doc.info.title = '<img onerror=x>';
    expect(renderDocsPage(doc)).not.toContain('<img onerror');
  });
});
