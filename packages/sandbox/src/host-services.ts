import { type HostServices, InvalidRequestError } from '@openalgo/core';
import type { SandboxHarness } from './harness-hooks.js';
import type { PriceSource } from './market/price-source.js';
import type { SandboxStore } from './store/types.js';

/** The names the sandbox reads from its host's services (`RuntimeContext.host`). */
export const SANDBOX_SERVICES = {
  /** Durable paper books (the server's database); default: a fresh in-memory store per adapter. */
  store: 'sandbox.store',
  /** Where prices come from (analyzer mode's live prices); default: the seeded synthetic market. */
  priceSource: 'sandbox.priceSource',
  /** The testkit's back door (recorded requests, faults, forced expiry); absent in production. */
  harness: 'sandbox.harness',
} as const;

/** Runtime objects a host may hand the sandbox: objects, not settings, so never in its config. */
export interface SandboxServices {
  store?: SandboxStore;
  priceSource?: PriceSource;
  harness?: SandboxHarness;
}

const REQUIRED_METHODS: Readonly<Record<keyof SandboxServices, readonly string[]>> = {
  store: ['load', 'apply'],
  priceSource: ['snapshot', 'history', 'instruments', 'watch'],
  harness: ['before', 'after', 'record'],
};

/** The host services that carry `services`, under the names the sandbox reads. */
export function sandboxServices(services: SandboxServices): HostServices {
  const host: Record<string, unknown> = {};
  for (const name of Object.keys(SANDBOX_SERVICES) as Array<keyof SandboxServices>) {
    if (services[name] !== undefined) host[SANDBOX_SERVICES[name]] = services[name];
  }
  return host;
}

/**
 * The sandbox's services among what the host offers, each checked for the methods the sandbox
 * calls, so a wrong object fails at creation with its name rather than at the first order.
 */
export function readSandboxServices(host: HostServices | undefined): SandboxServices {
  const services: Record<string, unknown> = {};
  for (const name of Object.keys(SANDBOX_SERVICES) as Array<keyof SandboxServices>) {
    const value = host?.[SANDBOX_SERVICES[name]];
    if (value === undefined) continue;
    const methods = REQUIRED_METHODS[name];
    if (!hasMethods(value, methods)) {
      throw new InvalidRequestError(
        `Host service ${SANDBOX_SERVICES[name]} must have the methods ${methods.join(', ')}`,
        { field: SANDBOX_SERVICES[name] },
      );
    }
    services[name] = value;
  }
  return services as SandboxServices;
}

function hasMethods(value: unknown, names: readonly string[]): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const record = value as Record<string, unknown>;
  return names.every((name) => typeof record[name] === 'function');
}
