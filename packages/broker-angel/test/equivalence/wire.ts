/**
 * The one comparison of this suite: a request as it went on the wire, flattened to `where → value`
 * so two requests (the official SDK's, recorded by nock; ours, recorded by undici's MockAgent) differ
 * in a list of named places that the table of intended differences can name too.
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
 * The headers SmartAPI reads (brokers.md §2.2: auth, the six `X-` headers, how the body is encoded
 * and what is accepted back) and the one that names the client. The rest (host, content-length,
 * connection, accept-encoding) is transport: each HTTP stack writes its own.
 */
export const COMPARED_HEADERS = [
  'authorization',
  'content-type',
  'accept',
  'x-usertype',
  'x-sourceid',
  'x-clientlocalip',
  'x-clientpublicip',
  'x-macaddress',
  'x-privatekey',
  'user-agent',
] as const;

/** One place where two requests disagree; `undefined` means the field is absent on that side. */
export interface Difference {
  at: string;
  sdk: string | undefined;
  ours: string | undefined;
}

/** JSON leaves keep their JSON spelling, so `10` and `"10"` differ as they would at Angel. */
function addJson(into: Map<string, string>, at: string, value: unknown): void {
  if (Array.isArray(value)) {
    // An empty array is a value of its own, not the absence of one.
    if (value.length === 0) into.set(at, '[]');
    for (const [i, item] of value.entries()) addJson(into, `${at}[${i}]`, item);
  } else if (value !== null && typeof value === 'object') {
    if (Object.keys(value).length === 0) into.set(at, '{}');
    for (const [key, item] of Object.entries(value)) addJson(into, `${at}.${key}`, item);
  } else into.set(at, JSON.stringify(value));
}

function header(req: WireRequest, name: string): string | undefined {
  const found = Object.entries(req.headers).find(([key]) => key.toLowerCase() === name)?.[1];
  return found === undefined ? undefined : String(found);
}

/**
 * `method`, `path`, `query.<k>`, `header.<name>`, then `json…` (or `body` when it is not JSON). A
 * JSON body is flattened leaf by leaf: field order does not matter, a field's spelling does.
 */
export function flatten(req: WireRequest): Map<string, string> {
  const url = new URL(req.path, 'http://angel.invalid');
  const flat = new Map<string, string>([
    ['method', req.method.toUpperCase()],
    ['path', url.pathname],
  ]);
  for (const [key, value] of url.searchParams.entries()) flat.set(`query.${key}`, value);
  for (const name of COMPARED_HEADERS) {
    const value = header(req, name);
    if (value !== undefined) flat.set(`header.${name}`, value);
  }
  const body = req.body ?? '';
  if (body === '') return flat;
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    flat.set('body', body);
    return flat;
  }
  addJson(flat, 'json', parsed);
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
