/**
 * The one comparison of this suite: a request as it went on the wire, flattened to `where → value`
 * so two requests (the SDK's, recorded by nock; ours, recorded by undici's MockAgent) differ in a
 * list of named places that the table of intended differences can name too.
 */

/** A request as either recorder saw it. */
export interface WireRequest {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  headers: Record<string, string | string[] | number | undefined>;
  body: string | undefined;
}

/**
 * The headers Fyers reads (auth, the optional API `version`, how the body is encoded) and the one
 * that names the client. The rest (host, content-length, connection, accept, accept-encoding) is
 * transport: each HTTP stack writes its own and Fyers' answer does not depend on them.
 */
export const COMPARED_HEADERS = ['authorization', 'version', 'content-type', 'user-agent'] as const;

/** One place where two requests disagree; `undefined` means the field is absent on that side. */
export interface Difference {
  at: string;
  sdk: string | undefined;
  ours: string | undefined;
}

/**
 * The query decoded (the JS SDK percent-encodes `:` and `,`, brokers.md §3.4, and Fyers decodes
 * before splitting), each key once: a repeated key keeps every value, in order. A comma-joined
 * symbol list stays one string, so the symbols' order and separator are compared too.
 */
function addQuery(into: Map<string, string>, search: URLSearchParams): void {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of search.entries()) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  for (const [key, values] of grouped) {
    into.set(`query.${key}`, values.length === 1 ? (values[0] as string) : JSON.stringify(values));
  }
}

/** JSON leaves keep their JSON spelling, so `10` and `"10"`, `false` and `"False"` differ as at Fyers. */
function addJson(into: Map<string, string>, at: string, value: unknown): void {
  if (Array.isArray(value)) {
    if (value.length === 0) into.set(at, '[]');
    for (const [i, item] of value.entries()) addJson(into, `${at}[${i}]`, item);
  } else if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value);
    if (entries.length === 0) into.set(at, '{}');
    for (const [key, item] of entries) addJson(into, `${at}.${key}`, item);
  } else into.set(at, JSON.stringify(value));
}

function header(req: WireRequest, name: string): string | undefined {
  const found = Object.entries(req.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return found === undefined ? undefined : String(found);
}

/** `method`, `path`, `query.<k>`, `header.<name>`, then `json…` (or `body` when not JSON) for the payload. */
export function flatten(req: WireRequest): Map<string, string> {
  const url = new URL(req.path, 'http://fyers.invalid');
  const flat = new Map<string, string>([
    ['method', req.method.toUpperCase()],
    ['path', url.pathname],
  ]);
  addQuery(flat, url.searchParams);
  for (const name of COMPARED_HEADERS) {
    const value = header(req, name);
    if (value !== undefined) flat.set(`header.${name}`, value);
  }
  const body = req.body ?? '';
  if (body === '') return flat;
  // Fyers parses JSON whatever the Content-Type says (§3.2), so a body that parses is compared leaf by
  // leaf; the Content-Type header is compared on its own.
  try {
    addJson(flat, 'json', JSON.parse(body));
  } catch {
    flat.set('body', body);
  }
  return flat;
}

/** Every place the two requests disagree, sorted by where. */
export function differences(sdk: WireRequest, ours: WireRequest): Difference[] {
  const a = flatten(sdk);
  const b = flatten(ours);
  const places = [...new Set([...a.keys(), ...b.keys()])].sort();
  return places
    .filter((at) => a.get(at) !== b.get(at))
    .map((at) => ({ at, sdk: a.get(at), ours: b.get(at) }));
}
