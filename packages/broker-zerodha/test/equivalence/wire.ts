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
 * The headers Kite reads (auth, API version, how the body is encoded) and the one that names the
 * client. The rest (host, content-length, connection, accept, accept-encoding) is transport: each
 * HTTP stack writes its own and Kite's answer does not depend on them.
 */
export const COMPARED_HEADERS = ['authorization', 'x-kite-version', 'content-type', 'user-agent'] as const;

/** One place where two requests disagree; `undefined` means the field is absent on that side. */
export interface Difference {
  at: string;
  sdk: string | undefined;
  ours: string | undefined;
}

/**
 * Repeated keys (quote `i`) keep every value, sorted: Kite answers a quote as a map keyed by
 * instrument, so the order asked does not matter; nor does field order in a query or form.
 */
function addPairs(into: Map<string, string>, prefix: string, pairs: Iterable<[string, string]>): void {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of pairs) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  for (const [key, values] of grouped) {
    into.set(`${prefix}.${key}`, values.length === 1 ? (values[0] as string) : JSON.stringify(values.sort()));
  }
}

/** JSON leaves keep their JSON spelling, so `10` and `"10"` differ as they would at Kite. */
function addJson(into: Map<string, string>, at: string, value: unknown): void {
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) addJson(into, `${at}[${i}]`, item);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) addJson(into, `${at}.${key}`, item);
  } else into.set(at, JSON.stringify(value));
}

function header(req: WireRequest, name: string): string | undefined {
  const found = Object.entries(req.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return found === undefined ? undefined : String(found);
}

/** `method`, `path`, `query.<k>`, `header.<name>`, then `form.<k>`, `json…` or `body` for the payload. */
export function flatten(req: WireRequest): Map<string, string> {
  const url = new URL(req.path, 'http://kite.invalid');
  const flat = new Map<string, string>([
    ['method', req.method.toUpperCase()],
    ['path', url.pathname],
  ]);
  addPairs(flat, 'query', url.searchParams.entries());
  for (const name of COMPARED_HEADERS) {
    const value = header(req, name);
    if (value !== undefined) flat.set(`header.${name}`, value);
  }
  const body = req.body ?? '';
  const type = header(req, 'content-type') ?? '';
  if (body === '') return flat;
  if (type.includes('application/x-www-form-urlencoded')) {
    addPairs(flat, 'form', new URLSearchParams(body).entries());
  } else if (type.includes('application/json')) addJson(flat, 'json', JSON.parse(body));
  else flat.set('body', body);
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
