import type { MockAgent } from 'undici';
import { afterEach, describe, expect, it } from 'vitest';
import { isOpenAlgoError, type OpenAlgoError } from '../../src/errors/index.js';
import { htmlErrorSummary } from '../../src/http/response.js';
import type { FailureExtractor } from '../../src/http/types.js';
import { mockBroker } from './mock-broker.js';

const agents: MockAgent[] = [];
afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.close();
});

async function failure(promise: Promise<unknown>): Promise<OpenAlgoError> {
  try {
    await promise;
  } catch (err) {
    if (isOpenAlgoError(err)) return err;
    throw err;
  }
  throw new Error('expected the request to fail');
}

const CLOUDFLARE_502 = `<!DOCTYPE html>
<html><head><title>api.broker.test | 502: Bad gateway</title></head>
<body><div id="cf-error-details"><h1>Bad gateway</h1><p>Ray ID: 7d1c0ffee0ddba11 • origin 10.20.30.40:8443</p>
${'<p>Cloudflare boilerplate that is not the broker answering.</p>'.repeat(200)}</body></html>`;

const NGINX_504 =
  '<html>\r\n<head><title>504 Gateway Time-out</title></head>\r\n<body><center><h1>504 Gateway Time-out</h1></center><hr><center>nginx/1.18.0</center></body></html>';

/** An adapter extractor that, like Angel's, takes a text body as the message. */
const textExtractor: FailureExtractor = (status, body) =>
  status >= 400 ? { status, message: typeof body === 'string' ? body : 'json' } : undefined;

describe('HTML error pages from a gateway are reduced to their status line', () => {
  it.each([
    ['json', 502, CLOUDFLARE_502, { 'content-type': 'text/html; charset=UTF-8' }, 'HTTP 502 Bad Gateway'],
    ['json', 504, NGINX_504, {}, 'HTTP 504 Gateway Timeout'],
    [
      'text',
      503,
      '  <html><body>down</body></html>',
      { 'content-type': 'text/plain' },
      'HTTP 503 Service Unavailable',
    ],
    ['csv', 520, 'oops', { 'content-type': 'text/html' }, 'HTTP 520 Error'],
  ] as const)(
    '%s response, %i: no page text, bounded length',
    async (responseType, status, body, headers, line) => {
      for (const extractFailure of [undefined, textExtractor]) {
        const made = mockBroker(extractFailure ? { extractFailure } : {}, [{ status, body, headers }]);
        agents.push(made.agent);
        const err = await failure(
          made.client.request({ method: 'GET', path: '/orders', kind: 'read', responseType }),
        );
        expect(err.message).toContain(`${line} (HTML error page from the broker's gateway)`);
        expect(err.message.length).toBeLessThan(200);
        for (const leak of ['Ray ID', '10.20.30.40', 'nginx', 'html', 'boilerplate', 'down']) {
          expect(err.message).not.toContain(leak);
          expect(JSON.stringify(err.toJSON())).not.toContain(leak);
        }
      }
    },
  );

  it('a plain-text or JSON error body keeps its message (only HTML is reduced)', async () => {
    const made = mockBroker({ extractFailure: textExtractor }, [
      {
        status: 403,
        body: 'Access denied because of exceeding access rate',
        headers: { 'content-type': 'text/plain' },
      },
    ]);
    agents.push(made.agent);
    const err = await failure(made.client.request({ method: 'GET', path: '/orders', kind: 'read' }));
    expect(err.message).toContain('Access denied because of exceeding access rate');
  });

  it('htmlErrorSummary recognises HTML by content type or by a leading tag', () => {
    expect(htmlErrorSummary(502, { 'content-type': ['text/html'] }, 'x')).toMatch(/^HTTP 502 Bad Gateway/);
    expect(htmlErrorSummary(502, {}, '\n <!doctype html>')).toMatch(/^HTTP 502/);
    expect(htmlErrorSummary(502, { 'content-type': 'application/json' }, '{"a":1}')).toBeUndefined();
    expect(htmlErrorSummary(502, {}, { message: 'x' })).toBeUndefined();
  });
});
