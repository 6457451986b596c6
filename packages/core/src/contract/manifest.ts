import { z } from 'zod';
import {
  ExchangeSchema,
  INTERVALS,
  IntervalSchema,
  oneOf,
  PriceTypeSchema,
  ProductSchema,
} from '../model/enums.js';
import { CapabilitiesSchema } from './capabilities.js';
import { CONTRACT_VERSION } from './version.js';

export const AUTH_KINDS = ['redirect', 'credentials', 'none'] as const;
export const AuthKindSchema = oneOf(AUTH_KINDS);
export type AuthKind = z.infer<typeof AuthKindSchema>;

/** A field the user supplies to log in or configure the adapter (api key, PIN, TOTP secret…). */
export const CredentialFieldSchema = z.object({
  name: z.string().regex(/^[A-Za-z][A-Za-z0-9_]*$/, { error: 'must be an identifier' }),
  label: z.string().min(1),
  /** Secrets are never logged, echoed or shown back. */
  secret: z.boolean().default(false),
  required: z.boolean().default(true),
  /** Needed at every login (TOTP, PIN) rather than once in configuration. */
  perLogin: z.boolean().default(false),
  description: z.string().optional(),
});
export type CredentialField = z.infer<typeof CredentialFieldSchema>;

/**
 * A named rate-limit bucket: each window means at most N sends in any interval of that length
 * (sliding). An endpoint draws from one or more buckets; every window is enforced.
 */
export const RateLimitSpecSchema = z
  .object({
    perSecond: z.number().positive().optional(),
    perMinute: z.number().positive().optional(),
    perHour: z.number().positive().optional(),
    perDay: z.number().positive().optional(),
  })
  .strict()
  .refine(
    (s) =>
      s.perSecond !== undefined ||
      s.perMinute !== undefined ||
      s.perHour !== undefined ||
      s.perDay !== undefined,
    { error: 'must set at least one of perSecond, perMinute, perHour, perDay' },
  );
export type RateLimitSpec = z.infer<typeof RateLimitSpecSchema>;

/**
 * The order rules a broker enforces on the numbers of an order, beyond the schema: brokers differ, so
 * each is declared, and the testkit checks exactly the declared ones (a broker that declares a rule
 * must refuse an order that breaks it, and nothing may fill). All default to false, so a manifest
 * written before these existed keeps its meaning.
 */
export const ORDER_RULE_NAMES = [
  /** A LIMIT/SL price or a trigger off the instrument's tick size is refused. */
  'tickSize',
  /** A derivative quantity that is not a whole number of lots is refused. */
  'lotSize',
  /** A limit price outside the day's circuit band (the quote's lower and upper limits) is refused. */
  'circuitLimits',
  /** A stop whose trigger is on the wrong side of the last price (BUY below, SELL above) is refused. */
  'triggerSide',
  /** MARKET and SL-M orders carry market protection (Kite refuses them without it). */
  'marketProtection',
] as const;
export type OrderRuleName = (typeof ORDER_RULE_NAMES)[number];

export const OrderRulesSchema = z
  .object(
    Object.fromEntries(ORDER_RULE_NAMES.map((name) => [name, z.boolean().default(false)])) as {
      [K in OrderRuleName]: z.ZodDefault<z.ZodBoolean>;
    },
  )
  .strict();
export type OrderRules = z.infer<typeof OrderRulesSchema>;

/** Does the broker declare that it enforces this order rule? */
export function enforcesOrderRule(
  manifest: { readonly orderRules: OrderRules },
  rule: OrderRuleName,
): boolean {
  return manifest.orderRules[rule];
}

export const BrokerManifestSchema = z.object({
  id: z
    .string()
    .regex(/^[a-z][a-z0-9-]{1,31}$/, { error: 'must be 2-32 lower-case letters, digits or dashes' }),
  name: z.string().min(1),
  contract: z.literal(CONTRACT_VERSION, {
    error: (issue) =>
      `must be ${CONTRACT_VERSION} (this core's CONTRACT_VERSION), got ${String(issue.input)}`,
  }),
  exchanges: z.array(ExchangeSchema).min(1, { error: 'must list at least one exchange' }),
  auth: AuthKindSchema,
  credentials: z.array(CredentialFieldSchema).default([]),
  capabilities: CapabilitiesSchema,
  /** Order types and products the broker accepts; the testkit runs every combination. */
  priceTypes: z.array(PriceTypeSchema).min(1),
  products: z.array(ProductSchema).min(1),
  /** OpenAlgo interval → the broker's own interval name. Keys absent here are not served. */
  intervals: z
    .partialRecord(IntervalSchema, z.string().min(1), {
      // zod's default ("Unrecognized key") would not say which intervals exist.
      error: (issue) =>
        'keys' in issue && Array.isArray(issue.keys)
          ? `unknown interval ${issue.keys.join(', ')}; keys must be among ${INTERVALS.join(', ')}`
          : undefined,
    })
    .default({}),
  rateLimits: z.record(z.string().min(1), RateLimitSpecSchema).default({}),
  /** Order rules the broker enforces (each one false unless declared); the testkit checks the declared ones. */
  // prefault: the empty object is parsed, so every rule gets its own default of false.
  orderRules: OrderRulesSchema.prefault({}),
  homepage: z.url().optional(),
});
export type BrokerManifest = z.infer<typeof BrokerManifestSchema>;
export type BrokerManifestInput = z.input<typeof BrokerManifestSchema>;
