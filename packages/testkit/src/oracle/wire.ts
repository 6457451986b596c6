/**
 * The one comparison of an equivalence suite: a request as it went on the wire, flattened to
 * `where → value`, so two requests (the official SDK's, recorded by nock; the adapter's, recorded by
 * undici's MockAgent) differ in a list of named places that a table of intended differences can name.
 */

/** A request as either recorder saw it. */
export interface WireRequest {
  method: string;
  /** Path and query string, as sent. */
  path: string;
  headers: Record<string, string | string[] | number | undefined>;
  body: string | undefined;
}

/** One place where two requests disagree; `undefined` means the field is absent on that side. */
export interface Difference {
  at: string;
  sdk: string | undefined;
  ours: string | undefined;
}

/** What the broker reads, so what the comparison looks at. */
export interface WireRules {
  /**
   * Lower-case names of the headers the broker reads (auth, version, how the body is encoded) and
   * the one that names the client. The rest (host, content-length, connection, accept-encoding) is
   * transport: each HTTP stack writes its own and the broker's answer does not depend on it.
   */
  headers: readonly string[];
  /**
   * A query key sent more than once keeps every value: `in-order` (the default) compares them in
   * the order sent; `any-order` sorts them first, for a broker that answers such a list as a map.
   */
  repeatedQueryValues?: 'in-order' | 'any-order';
}

/** Each key once: a repeated key keeps every value, in order or sorted (`rules.repeatedQueryValues`). */
function addPairs(
  into: Map<string, string>,
  prefix: string,
  pairs: Iterable<[string, string]>,
  anyOrder: boolean,
): void {
  const grouped = new Map<string, string[]>();
  for (const [key, value] of pairs) grouped.set(key, [...(grouped.get(key) ?? []), value]);
  for (const [key, values] of grouped) {
    const list = anyOrder ? [...values].sort() : values;
    into.set(`${prefix}.${key}`, list.length === 1 ? (list[0] as string) : JSON.stringify(list));
  }
}

/**
 * JSON leaves keep their JSON spelling, so `10` and `"10"`, `false` and `"False"` differ as they
 * would at the broker; an empty array or object is a value of its own, not the absence of one.
 */
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

/**
 * `method`, `path`, `query.<k>` (decoded), `header.<name>` for the compared headers, then the
 * payload: `form.<k>` for a body labelled `application/x-www-form-urlencoded`, else `json…` leaf by
 * leaf when it parses as JSON (brokers that read JSON whatever the label says), else `body` as it is.
 * Field order in a query, form or JSON object does not matter; a field's spelling does.
 */
export function flatten(req: WireRequest, rules: WireRules): Map<string, string> {
  const anyOrder = rules.repeatedQueryValues === 'any-order';
  const url = new URL(req.path, 'http://broker.invalid');
  const flat = new Map<string, string>([
    ['method', req.method.toUpperCase()],
    ['path', url.pathname],
  ]);
  addPairs(flat, 'query', url.searchParams.entries(), anyOrder);
  for (const name of rules.headers) {
    const value = header(req, name.toLowerCase());
    if (value !== undefined) flat.set(`header.${name.toLowerCase()}`, value);
  }
  const body = req.body ?? '';
  if (body === '') return flat;
  if ((header(req, 'content-type') ?? '').includes('application/x-www-form-urlencoded')) {
    addPairs(flat, 'form', new URLSearchParams(body).entries(), anyOrder);
    return flat;
  }
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
export function differences(sdk: WireRequest, ours: WireRequest, rules: WireRules): Difference[] {
  const a = flatten(sdk, rules);
  const b = flatten(ours, rules);
  const places = [...new Set([...a.keys(), ...b.keys()])].sort();
  return places
    .filter((at) => a.get(at) !== b.get(at))
    .map((at) => ({ at, sdk: a.get(at), ours: b.get(at) }));
}
