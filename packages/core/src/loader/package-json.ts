import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

export type PackageJson = Readonly<Record<string, unknown>>;

export type PackageJsonResult =
  | { ok: true; pkg: PackageJson }
  | { ok: false; missing: boolean; reason: string };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Reads `<dir>/package.json` without throwing; `missing` separates "absent" from "broken". */
export async function readPackageJson(dir: string): Promise<PackageJsonResult> {
  const file = join(dir, 'package.json');
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { ok: false, missing: code === 'ENOENT', reason: `cannot read ${file}: ${describeError(error)}` };
  }
  try {
    const parsed: unknown = JSON.parse(text);
    if (!isRecord(parsed)) return { ok: false, missing: false, reason: `${file} is not a JSON object` };
    return { ok: true, pkg: parsed };
  } catch (error) {
    return { ok: false, missing: false, reason: `${file} is not valid JSON: ${describeError(error)}` };
  }
}

export function describeError(error: unknown): string {
  if (error instanceof Error) return error.message;
  return String(error);
}

export function stringField(pkg: PackageJson, key: string): string | undefined {
  const value = pkg[key];
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** Names of a dependency map (`dependencies`, `optionalDependencies`…), ignoring junk values. */
export function dependencyNames(pkg: PackageJson, key: string): string[] {
  const value = pkg[key];
  return isRecord(value) ? Object.keys(value) : [];
}

const BROKER_NAME_PATTERNS: readonly RegExp[] = [
  /^@openalgo\/broker-[a-z0-9][a-z0-9._-]*$/,
  /^openalgo-broker-[a-z0-9][a-z0-9._-]*$/,
  /^@[a-z0-9][a-z0-9._-]*\/openalgo-broker-[a-z0-9][a-z0-9._-]*$/,
];

/** `@openalgo/broker-*`, `openalgo-broker-*` or `@<scope>/openalgo-broker-*` (docs/architecture.md §5). */
export function isBrokerPackageName(name: string): boolean {
  return BROKER_NAME_PATTERNS.some((pattern) => pattern.test(name));
}

/** Must agree with BrokerManifestSchema's id rule, so a block that passes here can match a manifest. */
const BROKER_ID = /^[a-z][a-z0-9-]{1,31}$/;

export type OpenAlgoBlockResult =
  | { kind: 'ok'; broker: string; contract: number }
  | { kind: 'missing' }
  | { kind: 'invalid'; field: string; problem: string };

/** Validates `"openalgo": { "broker": "<id>", "contract": <n> }` without touching the package's code. */
export function readOpenAlgoBlock(pkg: PackageJson): OpenAlgoBlockResult {
  const block = pkg.openalgo;
  if (block === undefined) return { kind: 'missing' };
  if (!isRecord(block)) {
    return { kind: 'invalid', field: 'openalgo', problem: 'must be an object { "broker", "contract" }' };
  }
  const { broker, contract } = block;
  if (typeof broker !== 'string' || !BROKER_ID.test(broker)) {
    return {
      kind: 'invalid',
      field: 'openalgo.broker',
      problem: `must be the broker id (2-32 lower-case letters, digits or dashes), got ${JSON.stringify(broker)}`,
    };
  }
  if (typeof contract !== 'number' || !Number.isInteger(contract) || contract < 1) {
    return {
      kind: 'invalid',
      field: 'openalgo.contract',
      problem: `must be the adapter contract version (a positive integer), got ${JSON.stringify(contract)}`,
    };
  }
  return { kind: 'ok', broker, contract };
}
