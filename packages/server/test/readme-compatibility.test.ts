import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { APPLICATION_ROUTES } from '../src/api/application-routes.js';
import { API_ENDPOINTS } from '../src/api/endpoints.js';

/**
 * The root README's "OpenAlgo compatibility" section promises which routes the server serves and which
 * answer 501. It is prose a user trusts, so it is held to the route tables here: a route added or
 * dropped without the README following fails this test.
 */
const readme = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

function section(title: string): string {
  const start = readme.indexOf(`## ${title}\n`);
  expect(start, `README has a "## ${title}" section`).toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end === -1 ? undefined : end);
}

describe('README: OpenAlgo compatibility', () => {
  const text = section('OpenAlgo compatibility');

  it('lists exactly the /api/v1 routes the server serves', () => {
    const table = text.slice(text.indexOf('| Group |'), text.indexOf('Outside `/api/v1`'));
    const listed = [...table.matchAll(/`(GET|POST) (\/[^`]+)`/g)].map((m) => `${m[1]} ${m[2]}`).sort();
    // OpenAPI's spelling of a path parameter: /ticker/:symbol → /ticker/{symbol}.
    const served = API_ENDPOINTS.map((e) => `${e.method} ${e.path.replace(/:(\w+)/g, '{$1}')}`).sort();
    expect(listed).toEqual(served);
  });

  it('lists exactly the application routes that answer 501', () => {
    const from = text.indexOf('answer `501`');
    const paragraph = text.slice(from, text.indexOf('Where we differ', from));
    const listed = [...paragraph.matchAll(/`(\/[a-z/*]+)`/g)].map((m) => m[1]).sort();
    const answered = APPLICATION_ROUTES.map((r) => (r.subPaths ? `${r.path}/*` : r.path)).sort();
    expect(listed).toEqual(answered);
  });
});
