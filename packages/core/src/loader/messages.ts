import type { BrokerSource } from './types.js';

/**
 * Diagnostic wording lives here so every message follows one shape: the package, what is wrong,
 * then what the user can do about it.
 */

const SOURCE_LABEL: Record<BrokerSource, string> = {
  path: 'an explicit path',
  dependency: "the app's package.json",
  node_modules: 'a node_modules scan',
};

export function foundVia(source: BrokerSource): string {
  return SOURCE_LABEL[source];
}

export function blockExample(contractVersion: number): string {
  return `"openalgo": { "broker": "<id>", "contract": ${contractVersion} }`;
}

export function incompatibleContract(name: string, declared: number, implemented: number): string {
  const fix =
    declared > implemented
      ? `upgrade @openalgo/core (and the server) to one implementing contract ${declared}, or install a version of the plugin built for contract ${implemented}`
      : `install a newer version of ${name} built for contract ${implemented}`;
  return `${name} declares contract ${declared} but this server implements contract ${implemented}; it was not loaded. To use it, ${fix}.`;
}

export function duplicateId(
  name: string,
  id: string,
  dir: string,
  source: BrokerSource,
  owner: { packageName: string; dir: string; source: BrokerSource },
): string {
  return (
    `${name} (${dir}, found via ${foundVia(source)}) also declares broker id "${id}", which ` +
    `${owner.packageName} (${owner.dir}, found via ${foundVia(owner.source)}) already provides; ` +
    `${name} was not loaded. Explicit paths take precedence over dependencies, and dependencies over ` +
    `the node_modules scan. Remove one of them so exactly one package provides "${id}".`
  );
}

export function noEntry(name: string, problem: string): string {
  return `${name} cannot be loaded: ${problem}. Build the package, or fix "exports"/"main" in its package.json.`;
}

export function importFailed(name: string, file: string, reason: string): string {
  return (
    `${name} threw while being imported from ${file}: ${reason}. Other brokers are unaffected; fix the ` +
    `plugin (check its build and that its own dependencies, including @openalgo/core as a peer, are installed).`
  );
}
