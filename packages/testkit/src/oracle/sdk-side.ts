/**
 * The SDK's side of an equivalence: nock answers the official SDK pointed at a root nothing listens
 * on, and records each request exactly as the SDK wrote it. nock is an optional peer dependency of
 * testkit, loaded only here and only when called, so the loopback guard and the wire comparison
 * work without it.
 */
import type { WireRequest } from './wire.js';

/** A root nothing listens on: nock answers before a socket opens, and a miss fails to connect. */
export const UNREACHABLE_ROOT = 'http://127.0.0.1:1';

/** The hooks of the caller's test runner. */
export interface NockHooks {
  beforeAll(fn: () => unknown): unknown;
  afterEach(fn: () => unknown): unknown;
  afterAll(fn: () => unknown): unknown;
}

/** One answer for every request; objects are sent as JSON, strings as they are. */
export interface SdkReply {
  status: number;
  body?: unknown;
  /** Added to `content-type: application/json` (an SDK only resolves an answer it can read). */
  headers?: Record<string, string>;
}

export interface RecordSdkRequestsOptions {
  reply: SdkReply;
  /** Makes the SDK call(s); the SDK must be pointed at `root`. */
  call: () => unknown;
  /** Defaults to `UNREACHABLE_ROOT`. */
  root?: string;
}

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

async function loadNock(): Promise<typeof import('nock')> {
  try {
    return (await import('nock')).default;
  } catch (cause) {
    throw new Error(
      '@openalgo/testkit/oracle records SDK requests with nock: add nock (>=14 <15) to your devDependencies',
      {
        cause,
      },
    );
  }
}

/**
 * nock for one test file: no request may leave the machine (only 127.0.0.1 is allowed, and nothing
 * listens on the unreachable root's port), and no interceptor outlives its test.
 */
export function useNock(hooks: NockHooks): void {
  hooks.beforeAll(async () => {
    const nock = await loadNock();
    nock.disableNetConnect();
    nock.enableNetConnect('127.0.0.1');
  });
  hooks.afterEach(async () => {
    (await loadNock()).cleanAll();
  });
  hooks.afterAll(async () => {
    (await loadNock()).enableNetConnect();
  });
}

/**
 * Runs `call` with every request to `root` answered by `reply`, and returns each request exactly
 * as the SDK wrote it, body as the raw string. Its interceptors end with it, so the next call in
 * the same test answers with its own reply.
 */
export async function recordSdkRequests(options: RecordSdkRequestsOptions): Promise<WireRequest[]> {
  const nock = await loadNock();
  const { reply } = options;
  const seen: WireRequest[] = [];
  const data = typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body ?? null);
  const headers = { 'content-type': 'application/json', ...reply.headers };
  for (const method of METHODS) {
    const scope = nock(options.root ?? UNREACHABLE_ROOT)
      .persist()
      .intercept(() => true, method)
      .reply(reply.status, data, headers);
    scope.on('request', (req: WireRequest, _interceptor: unknown, body: string) => {
      seen.push({ method: req.method, path: req.path, headers: { ...req.headers }, body: body || undefined });
    });
  }
  try {
    await options.call();
  } finally {
    nock.cleanAll();
  }
  return seen;
}
