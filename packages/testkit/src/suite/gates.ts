import { type BrokerManifest, type CapabilityName, supports } from '@openalgo/core';

/** Why a check cannot run on this broker, or undefined when it can. */
export function needs(manifest: BrokerManifest, ...capabilities: CapabilityName[]): string | undefined {
  const missing = capabilities.filter((name) => !supports(manifest, name));
  if (missing.length === 0) return undefined;
  return `the manifest does not declare ${missing.join(', ')}`;
}

export function firstReason(...reasons: Array<string | undefined>): string | undefined {
  return reasons.find((reason) => reason !== undefined);
}
