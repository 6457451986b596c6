import type { IncomingHttpHeaders } from 'node:http';

/** One request as a route handler (and the request log) sees it. */
export interface SimulatorRequest {
  method: string;
  /** Path without the query string (`/orders/regular`). */
  path: string;
  /** Query parameters; the last value wins when a name repeats (see `searchParams` for all). */
  query: Record<string, string>;
  searchParams: URLSearchParams;
  /** Raw headers: the broker simulator checks auth with them, so they are kept (and never logged). */
  headers: IncomingHttpHeaders;
  /** JSON → the parsed value; form-urlencoded → a record of strings; anything else → the text. */
  body: unknown;
  rawBody: string;
  /** `:name` segments of the matched route. */
  params: Record<string, string>;
  /** Epoch ms on the simulator's clock when the request arrived. */
  at: number;
}

export interface SimulatorResponse {
  status?: number;
  headers?: Record<string, string>;
  /** A string or Buffer is sent as is; anything else as JSON. */
  body?: unknown;
}

export type RouteHandler = (request: SimulatorRequest) => SimulatorResponse | Promise<SimulatorResponse>;

export interface Route {
  method: string;
  /** `/orders/:variety/:orderId`; `*` as the last segment matches the rest of the path. */
  path: string;
  handler: RouteHandler;
}

/** Which requests a fault applies to; both fields optional (absent = any). */
export interface RouteMatch {
  method?: string;
  path?: string;
}

export interface CompiledPattern {
  test(path: string): Record<string, string> | undefined;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function compilePattern(pattern: string): CompiledPattern {
  const names: string[] = [];
  const segments = pattern.split('/').map((segment, i, all) => {
    if (segment === '*' && i === all.length - 1) {
      names.push('*');
      return '(.*)';
    }
    if (segment.startsWith(':')) {
      names.push(segment.slice(1));
      return '([^/]+)';
    }
    return escapeRegex(segment);
  });
  const regex = new RegExp(`^${segments.join('/')}/?$`);
  return {
    test(path) {
      const match = regex.exec(path);
      if (!match) return undefined;
      const params: Record<string, string> = {};
      names.forEach((name, i) => {
        params[name] = decodeURIComponent(match[i + 1] ?? '');
      });
      return params;
    },
  };
}

export function compileMatch(match: RouteMatch | undefined): (method: string, path: string) => boolean {
  const method = match?.method?.toUpperCase();
  const pattern = match?.path === undefined ? undefined : compilePattern(match.path);
  return (m, p) =>
    (method === undefined || method === m) && (pattern === undefined || pattern.test(p) !== undefined);
}

/** Method + path pattern routing; the first route that matches wins. */
export class Router {
  private readonly routes: Array<{ method: string; pattern: CompiledPattern; handler: RouteHandler }> = [];

  constructor(routes: readonly Route[] = []) {
    for (const route of routes) this.add(route);
  }

  add(route: Route): void {
    this.routes.push({
      method: route.method.toUpperCase(),
      pattern: compilePattern(route.path),
      handler: route.handler,
    });
  }

  match(method: string, path: string): { handler: RouteHandler; params: Record<string, string> } | undefined {
    for (const route of this.routes) {
      if (route.method !== method.toUpperCase()) continue;
      const params = route.pattern.test(path);
      if (params) return { handler: route.handler, params };
    }
    return undefined;
  }

  /** True when the path exists under another method (→ 405 rather than 404). */
  hasPath(path: string): boolean {
    return this.routes.some((route) => route.pattern.test(path) !== undefined);
  }
}
