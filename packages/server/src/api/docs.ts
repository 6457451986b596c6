import type { FastifyPluginAsync } from 'fastify';
import { Html, html } from '../auth/html.js';
import { buildAsyncApiDocument } from '../ws/feed-asyncapi.js';
import { renderFeedSection } from '../ws/feed-docs-section.js';
import { buildOpenApiDocument, type JsonSchema, type OpenApiDocument } from './openapi.js';

/**
 * `GET /api/openapi.json` and `GET /api/docs`: the OpenAPI document and a page rendering it, with
 * the WebSocket feed's messages after the endpoints (also as AsyncAPI at `GET /api/asyncapi.json`). The page
 * is plain server-rendered HTML with inline CSS — no script, no CDN — so it works offline and under a
 * strict Content-Security-Policy. Register without a prefix (the paths are absolute).
 */

function typeOf(schema: JsonSchema): string {
  if (Array.isArray(schema.enum)) return `one of ${schema.enum.map(String).join(', ')}`;
  if ('const' in schema) return JSON.stringify(schema.const);
  if (Array.isArray(schema.anyOf)) return (schema.anyOf as JsonSchema[]).map(typeOf).join(' or ');
  if (schema.type === 'array') {
    const items = (schema.items ?? {}) as JsonSchema;
    return `list of ${items.type === 'object' ? 'objects' : typeOf(items)}`;
  }
  return typeof schema.type === 'string' ? schema.type : 'any';
}

interface FieldRow {
  name: string;
  type: string;
  required: boolean;
  description: string;
}

/** Top-level fields, plus one level of list items (basket legs, multiquote symbols). */
function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  const required = new Set((schema.required ?? []) as string[]);
  const rows: FieldRow[] = [];
  for (const [name, property] of Object.entries(properties)) {
    const extra = 'default' in property ? ` Default ${JSON.stringify(property.default)}.` : '';
    rows.push({
      name: `${prefix}${name}`,
      type: typeOf(property),
      required: required.has(name),
      description: `${typeof property.description === 'string' ? property.description : ''}${extra}`.trim(),
    });
    const items = property.items as JsonSchema | undefined;
    if (property.type === 'array' && items?.type === 'object')
      rows.push(...fieldRows(items, `${prefix}${name}[].`));
  }
  return rows;
}

/** Body fields, then parameters: a GET's query, or a write's `Idempotency-Key` header. */
function requestSchema(op: JsonSchema): { rows: FieldRow[]; example: unknown } {
  const parameters = Array.isArray(op.parameters) ? (op.parameters as JsonSchema[]) : [];
  const params = parameters.map((p) => ({
    name: p.in === 'header' ? `${String(p.name)} (header)` : String(p.name),
    type: typeOf((p.schema ?? {}) as JsonSchema),
    required: p.required === true,
    description: typeof p.description === 'string' ? p.description : '',
  }));
  const media = ((op.requestBody as JsonSchema | undefined)?.content as JsonSchema | undefined)?.[
    'application/json'
  ] as JsonSchema | undefined;
  if (!media) return { rows: params, example: undefined };
  return { rows: [...fieldRows((media.schema ?? {}) as JsonSchema), ...params], example: media.example };
}

function responseFields(op: JsonSchema): string[] {
  const ok = (op.responses as Record<string, JsonSchema>)['200'];
  const schema = ((ok?.content as JsonSchema | undefined)?.['application/json'] as JsonSchema | undefined)
    ?.schema as JsonSchema | undefined;
  const variants = Array.isArray(schema?.anyOf) ? (schema.anyOf as JsonSchema[]) : schema ? [schema] : [];
  return variants.map((v) => Object.keys((v.properties ?? {}) as object).join(', '));
}

function renderOperation(path: string, method: string, op: JsonSchema): Html {
  const { rows, example } = requestSchema(op);
  // The address `openalgo serve` listens on by default.
  const url = `http://127.0.0.1:5000${path}`;
  const curl =
    method === 'get'
      ? `curl '${url}?apikey=…'`
      : `curl -X POST ${url} -H 'Content-Type: application/json' -d '${JSON.stringify(example ?? {})}'`;
  return html`<section id="${String(op.operationId)}">
<h3><span class="m ${method}">${method.toUpperCase()}</span> <code>${path}</code></h3>
<p>${String(op.summary ?? '')}</p>${op.description ? html`<p class="d">${String(op.description)}</p>` : ''}
<table><thead><tr><th>field</th><th>type</th><th>required</th><th>notes</th></tr></thead><tbody>${rows.map(
    (r) =>
      html`<tr><td><code>${r.name}</code></td><td>${r.type}</td><td>${r.required ? 'yes' : ''}</td><td>${r.description}</td></tr>`,
  )}</tbody></table>
<p class="h">Success</p><ul>${responseFields(op).map((keys) => html`<li><code>{ ${keys} }</code></li>`)}</ul>
<pre>${curl}</pre>
</section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0 auto;max-width:980px;padding:1rem 2rem;color:#222}
h1{margin-bottom:.2rem}h2{border-bottom:1px solid #ddd;margin-top:2.5rem}section{margin:1.5rem 0}
table{border-collapse:collapse;width:100%;font-size:14px}td,th{border:1px solid #e3e3e3;padding:.3rem .5rem;text-align:left;vertical-align:top}
pre{background:#f6f8fa;padding:.6rem;overflow-x:auto;font-size:13px}.m{font-size:12px;padding:.1rem .4rem;border-radius:3px;color:#fff}
.post{background:#2b7a3d}.get{background:#1f5fa8}.d{color:#555}.h{font-weight:600;margin-bottom:0}nav a{margin-right:.8rem}`;

/** The docs page for a document (exported for tests). */
export function renderDocsPage(document: OpenApiDocument): string {
  const byTag = new Map<string, Html[]>();
  for (const [path, methods] of Object.entries(document.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const tag = String((op.tags as string[] | undefined)?.[0] ?? 'Other');
      byTag.set(tag, [...(byTag.get(tag) ?? []), renderOperation(path, method, op)]);
    }
  }
  const anchor = (tag: string) => tag.replace(/\s/g, '-');
  const { title, description } = document.info;
  return html`<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${title}</title>
<meta name="viewport" content="width=device-width,initial-scale=1"><style>${new Html(STYLE)}</style></head><body>
<h1>${title}</h1><p>${description}</p>
<p>Machine-readable: <a href="/api/openapi.json">/api/openapi.json</a></p><nav>${[...byTag.keys()].map(
    (t) => html`<a href="#${anchor(t)}">${t}</a>`,
  )}<a href="#WebSocket-feed">WebSocket feed</a></nav>
${[...byTag].map(
  ([tag, ops]) =>
    html`<h2 id="${anchor(tag)}">${tag}</h2>${ops.map(
      (op) => html`${op}
`,
    )}`,
)}${renderFeedSection()}</body></html>`.value;
}

export const apiDocsRoutes: FastifyPluginAsync = async (app) => {
  const document = buildOpenApiDocument();
  const json = JSON.stringify(document);
  const html = renderDocsPage(document);
  app.get('/api/openapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(json),
  );
  app.get('/api/docs', async (_request, reply) => reply.type('text/html; charset=utf-8').send(html));
  // The WebSocket feed's messages (AsyncAPI 3.0), which OpenAPI cannot describe.
  const asyncApi = JSON.stringify(buildAsyncApiDocument());
  app.get('/api/asyncapi.json', async (_request, reply) =>
    reply.type('application/json; charset=utf-8').send(asyncApi),
  );
};
