import { z } from 'zod';

/**
 * `true`: the broker does it natively. `'emulated'`: the adapter provides it by composing other calls
 * (e.g. depth from a quote). `false`: not available — the server answers 501 and the testkit skips it.
 */
export const CapabilitySchema = z.union([z.literal(true), z.literal(false), z.literal('emulated')], {
  error: 'must be true, false or "emulated"',
});
export type Capability = z.infer<typeof CapabilitySchema>;

/**
 * What a method does to the broker: `write` changes orders (never retried, reconciled when ambiguous),
 * `read` only asks, `stream` opens a live feed.
 */
export type AdapterMethodKind = 'write' | 'read' | 'stream';

/**
 * The adapter's methods: the one list. Each is also a capability of the same name, declared in the
 * manifest; the `defineBroker` boundary checks the two agree and refuses undeclared calls.
 */
export const ADAPTER_METHODS = {
  placeOrder: 'write',
  modifyOrder: 'write',
  cancelOrder: 'write',
  getOrders: 'read',
  getOrder: 'read',
  getTrades: 'read',
  getPositions: 'read',
  getHoldings: 'read',
  getFunds: 'read',
  getQuotes: 'read',
  getDepth: 'read',
  getHistory: 'read',
  downloadInstruments: 'read',
  marketStream: 'stream',
  orderStream: 'stream',
  getMargin: 'read',
  // The gtt capability: standing trigger instructions the broker keeps (model/gtt.ts).
  placeGtt: 'write',
  modifyGtt: 'write',
  cancelGtt: 'write',
  getGtts: 'read',
} as const satisfies Record<string, AdapterMethodKind>;

export type CapabilityName = keyof typeof ADAPTER_METHODS;

/**
 * The gtt capability, as one feature: a broker declares all four or none (the manifest schema refuses
 * a mix), so consumers ask `supports(manifest, 'placeGtt')` for the whole of it.
 */
export const GTT_METHODS = [
  'placeGtt',
  'modifyGtt',
  'cancelGtt',
  'getGtts',
] as const satisfies readonly CapabilityName[];
export const CAPABILITY_NAMES: readonly CapabilityName[] = Object.keys(ADAPTER_METHODS) as CapabilityName[];

export const CapabilitiesSchema = z
  .object(
    Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, CapabilitySchema.default(false)])) as {
      [K in CapabilityName]: z.ZodDefault<typeof CapabilitySchema>;
    },
  )
  .strict()
  .superRefine((capabilities, ctx) => {
    // Half a GTT feature (placing without listing or cancelling) would strand triggers at the broker.
    const declared = GTT_METHODS.filter((name) => capabilities[name] !== false);
    if (declared.length > 0 && declared.length < GTT_METHODS.length) {
      const missing = GTT_METHODS.filter((name) => capabilities[name] === false);
      ctx.addIssue({
        code: 'custom',
        path: [missing[0] ?? 'placeGtt'],
        message: `the gtt capability is all of ${GTT_METHODS.join(', ')} or none; ${missing.join(', ')} ${missing.length > 1 ? 'are' : 'is'} missing`,
      });
    }
  });
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

/** Does the broker offer this method (natively or emulated)? The only question consumers ask. */
export function supports(manifest: { readonly capabilities: Capabilities }, name: CapabilityName): boolean {
  return manifest.capabilities[name] !== false;
}
