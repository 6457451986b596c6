import type { SandboxEngine } from './engine/engine.js';
import type { PriceSource } from './market/price-source.js';
import type { SandboxStore } from './store/types.js';

export interface EngineEntry {
  engine: SandboxEngine;
  priceSource: PriceSource;
  /** Releases what the entry created (the engine, and the market when it made one). */
  dispose(): Promise<void>;
}

interface Leased extends EngineEntry {
  leases: number;
}

const engines = new WeakMap<SandboxStore, Map<string, Leased>>();

export interface EngineLease {
  entry: EngineEntry;
  release(): Promise<void>;
}

/**
 * One engine per (store, account) at a time. Two engines over the same stored account would each
 * keep their own memory and overwrite each other's writes, so adapters created for the same
 * account (a second login) share one; the last adapter to close disposes of it. A later adapter
 * loads a new engine from the store — which is exactly a restart.
 */
export function leaseEngine(store: SandboxStore, accountId: string, create: () => EngineEntry): EngineLease {
  let byAccount = engines.get(store);
  if (!byAccount) {
    byAccount = new Map();
    engines.set(store, byAccount);
  }
  let leased = byAccount.get(accountId);
  if (!leased) {
    leased = { ...create(), leases: 0 };
    byAccount.set(accountId, leased);
  }
  leased.leases += 1;
  const entry = leased;
  const accounts = byAccount;
  let released = false;
  return {
    entry,
    async release() {
      if (released) return;
      released = true;
      entry.leases -= 1;
      if (entry.leases > 0) return;
      if (accounts.get(accountId) === entry) accounts.delete(accountId);
      await entry.dispose();
    },
  };
}

/** The engine currently leased for (store, account), if an open adapter holds one. */
export function leasedEngine(store: SandboxStore, accountId: string): SandboxEngine | undefined {
  return engines.get(store)?.get(accountId)?.engine;
}
