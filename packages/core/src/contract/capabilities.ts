import { z } from 'zod';

/**
 * `true`: the broker does it natively. `'emulated'`: the adapter provides it by composing other calls
 * (e.g. depth from a quote). `false`: not available — the server answers 501 and the testkit skips it.
 */
export const CapabilitySchema = z.union([z.literal(true), z.literal(false), z.literal('emulated')], {
  error: 'must be true, false or "emulated"',
});
export type Capability = z.infer<typeof CapabilitySchema>;

export const CAPABILITY_NAMES = [
  'placeOrder',
  'modifyOrder',
  'cancelOrder',
  'getOrders',
  'getOrder',
  'getTrades',
  'getPositions',
  'getHoldings',
  'getFunds',
  'getQuotes',
  'getDepth',
  'getHistory',
  'downloadInstruments',
  'marketStream',
  'orderStream',
  'getMargin',
] as const;
export type CapabilityName = (typeof CAPABILITY_NAMES)[number];

export const CapabilitiesSchema = z
  .object(
    Object.fromEntries(CAPABILITY_NAMES.map((name) => [name, CapabilitySchema.default(false)])) as {
      [K in CapabilityName]: z.ZodDefault<typeof CapabilitySchema>;
    },
  )
  .strict();
export type Capabilities = z.infer<typeof CapabilitiesSchema>;

export function supports(capabilities: Capabilities, name: CapabilityName): boolean {
  return capabilities[name] !== false;
}
