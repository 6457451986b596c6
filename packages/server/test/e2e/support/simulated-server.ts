import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Clock, systemClock } from '@openalgo/core';
import { Agent, request } from 'undici';
import type { ServerHandle } from '../../../src/app.js';
import type { ServerUrls } from '../../../src/auth/pages.js';
import { serveBanner } from '../../../src/cli/serve.js';
import type { ServerConfig } from '../../../src/config.js';
import { startTestServer } from '../../helpers/sandbox-server.js';

/**
 * `openalgo serve --broker <id> --simulate` in-process: the real adapter over the wire to the simulator
 * its package ships. The broker packages must be built (their `./simulator` export); the repo root's
 * package.json declares them, so the loader finds them.
 */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../../../..');

/** An `/api/v1` reply, loosely typed: tests assert on its fields. */
export interface Reply {
  status?: string;
  message?: string;
  orderid?: string;
  data?: Record<string, unknown> & { orders?: Array<Record<string, unknown>> };
  [key: string]: unknown;
}

/**
 * The system clock, plus a skew a test can move forward: a broker's per-second limits (Angel's one
 * login a second) count on the clock the server hands its simulator, so a test skips ahead instead of
 * waiting. Sleeps stay real, so the feed, timeouts and the simulated market run as in production.
 */
export class SkippableClock implements Clock {
  private skew = 0;
  now(): number {
    return systemClock.now() + this.skew;
  }
  sleep(ms: number, signal?: AbortSignal): Promise<void> {
    return systemClock.sleep(ms, signal);
  }
  skip(ms: number): void {
    this.skew += ms;
  }
}

export type Post = (path: string, body: Record<string, unknown>) => Promise<{ status: number; body: Reply }>;

export interface SimulatedServer {
  /** The temporary working directory; the data directory is `<dir>/data`. */
  dir: string;
  config: ServerConfig;
  /** The server's clock (and so its simulator's). */
  clock: SkippableClock;
  server: ServerHandle;
  urls: ServerUrls;
  /** What `openalgo serve` prints once it listens. */
  banner: string;
  /** The API key minted for the default account at this start. */
  key: string;
  /** POST `/api/v1/<path>` with the key. */
  post: Post;
  /** Closes the server (and with it the simulator) and removes the directory. */
  close(): Promise<void>;
}

export async function startSimulatedServer(broker: string): Promise<SimulatedServer> {
  const clock = new SkippableClock();
  const flags = { wsPort: 'off', broker, appDir: REPO_ROOT, simulate: true };
  const started = await startTestServer(flags, clock);
  const { server, urls, config, key } = started;
  const post: Post = async (path, body) => {
    const res = await request(`${urls.http}/api/v1/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ apikey: key, ...body }),
    });
    return { status: res.statusCode, body: (await res.body.json()) as Reply };
  };
  return { ...started, clock, banner: serveBanner(server, urls, config), post };
}

/** Every file under a directory, recursively. */
export function filesUnder(root: string): string[] {
  return readdirSync(root).flatMap((name) => {
    const path = join(root, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/** The files under `root` whose bytes contain `secret` (expected: none). */
export function filesHolding(root: string, secret: string): string[] {
  return filesUnder(root).filter((file) => readFileSync(file).toString('latin1').includes(secret));
}

/**
 * Rejects unless nothing listens at `url` any more. A fresh connection each time: the global dispatcher
 * may still hold a kept-alive socket the closed server has not finished hanging up.
 */
export async function connectionRefused(url: string): Promise<string> {
  const agent = new Agent();
  try {
    const res = await request(url, { dispatcher: agent });
    await res.body.dump();
    throw new Error(`${url} still answers (${res.statusCode})`);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'ECONNREFUSED') throw error;
    return code;
  } finally {
    await agent.close();
  }
}
