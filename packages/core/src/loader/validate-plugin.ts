import type { z } from 'zod';
import { guardAdapter } from '../contract/boundary.js';
import type { BrokerDefinition } from '../contract/define-broker.js';
import { BrokerManifestSchema } from '../contract/manifest.js';
import type { AdapterContext, BrokerPlugin } from '../contract/plugin.js';
import { fieldIssues, formatIssues } from '../model/validation.js';
import type { BrokerPackage, LoaderDiagnosticCode } from './types.js';

export type PluginCheck =
  | { ok: true; plugin: BrokerPlugin }
  | { ok: false; code: LoaderDiagnosticCode; field?: string; message: string };

type Candidate = Record<string, unknown>;

function isObjectLike(value: unknown): value is Candidate {
  return (typeof value === 'object' || typeof value === 'function') && value !== null;
}

function hasManifest(value: unknown): value is Candidate {
  return isObjectLike(value) && 'manifest' in value;
}

/**
 * The default export, or a named `plugin` export. A CommonJS build of an ES module shows up as
 * `default.default`, so that is accepted too.
 */
function pickExport(namespace: Candidate): Candidate | undefined {
  const fallback = namespace.default;
  const nested = isObjectLike(fallback) ? fallback.default : undefined;
  return [fallback, namespace.plugin, nested].find(hasManifest);
}

const HOW_TO_EXPORT = 'export the object returned by defineBroker({...}) as the default export';

function notAPlugin(name: string, problem: string, field?: string): PluginCheck {
  return {
    ok: false,
    code: 'NOT_A_PLUGIN',
    ...(field !== undefined ? { field } : {}),
    message: `${name} ${problem}, so it is not a BrokerPlugin and was not loaded; ${HOW_TO_EXPORT}.`,
  };
}

/**
 * Checks the imported module really is a plugin for the package that claimed to be one. The manifest
 * is re-validated even if `defineBroker` already did: the plugin may have been built against another
 * copy of core, or hand-written.
 */
export function pluginFromModule(namespace: unknown, pkg: BrokerPackage): PluginCheck {
  const name = pkg.packageName;
  const exported = isObjectLike(namespace) ? pickExport(namespace) : undefined;
  if (exported === undefined) {
    return notAPlugin(name, 'has no default export or named export `plugin` carrying a `manifest`');
  }
  const { auth, create, configSchema } = exported;
  if (typeof auth !== 'function') return notAPlugin(name, '`auth` is not a function', 'auth');
  if (typeof create !== 'function') return notAPlugin(name, '`create` is not a function', 'create');
  if (!isObjectLike(configSchema) || typeof configSchema.safeParse !== 'function') {
    return notAPlugin(name, '`configSchema` is not a zod schema (no safeParse)', 'configSchema');
  }

  const parsed = BrokerManifestSchema.safeParse(exported.manifest);
  if (!parsed.success) {
    const issues = fieldIssues(parsed.error).map((issue) => ({
      field: issue.field ? `manifest.${issue.field}` : 'manifest',
      message: issue.message,
    }));
    return {
      ok: false,
      code: 'INVALID_MANIFEST',
      ...(issues[0] ? { field: issues[0].field } : {}),
      message: `${name} has an invalid manifest (${formatIssues(issues)}), so it was not loaded; fix the plugin's manifest or install a release of ${name} that passes validation.`,
    };
  }
  const manifest = parsed.data;
  if (manifest.id !== pkg.id) {
    return {
      ok: false,
      code: 'ID_MISMATCH',
      field: 'manifest.id',
      message: `${name}: manifest.id is "${manifest.id}" but its package.json says "openalgo": { "broker": "${pkg.id}" }; they must match because duplicates and routing are decided on the package.json id. Fix whichever is wrong and rebuild.`,
    };
  }

  // Bound, so class-based plugins keep `this` once detached from the module's object. A hand-written
  // plugin (no defineBroker) still gets the contract boundary; guarding twice is a no-op.
  const frozen = Object.freeze(manifest);
  const build = (create as BrokerDefinition<unknown>['create']).bind(exported);
  const plugin: BrokerPlugin = Object.freeze({
    manifest: frozen,
    configSchema: configSchema as unknown as z.ZodType<unknown>,
    auth: (auth as BrokerPlugin['auth']).bind(exported),
    create: async (context: AdapterContext<unknown>) =>
      guardAdapter(await build(context), {
        manifest: frozen,
        session: context.session,
        clock: context.clock,
      }),
  });
  return { ok: true, plugin };
}
