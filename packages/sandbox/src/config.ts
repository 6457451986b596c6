import { ExchangeSchema } from '@openalgo/core';
import { z } from 'zod';
import { DEFAULT_LEVERAGE, DEFAULT_STARTING_CAPITAL } from './engine/settings.js';

const leverage = (fallback: number) =>
  z
    .number({ error: 'must be a number' })
    .min(1, { error: 'must be at least 1' })
    .max(50, { error: 'must be at most 50' })
    .default(fallback);

const TimeOfDaySchema = z
  .string()
  .regex(/^([01]\d|2[0-3]):[0-5]\d$/, { error: 'must be a time of day as HH:MM (24-hour, IST)' });

/**
 * The sandbox broker's settings. Runtime objects — the host's durable store, analyzer mode's live
 * prices, the testkit's fault controls — come through the host's services (`sandboxServices`).
 */
export const SandboxConfigSchema = z.object({
  /** The paper account: its orders, positions and funds live under this id in the store. */
  accountId: z.string().min(1).default('default'),
  /** Applies when the account is first opened; an existing account keeps its own. */
  startingCapital: z
    .number()
    .min(1000, { error: 'must be at least ₹1,000' })
    .default(DEFAULT_STARTING_CAPITAL),
  leverage: z
    .object({
      equityMis: leverage(DEFAULT_LEVERAGE.equityMis),
      equityCnc: leverage(DEFAULT_LEVERAGE.equityCnc),
      futures: leverage(DEFAULT_LEVERAGE.futures),
      optionBuy: leverage(DEFAULT_LEVERAGE.optionBuy),
      optionSell: leverage(DEFAULT_LEVERAGE.optionSell),
    })
    .prefault({}),
  /** Overrides of the MIS square-off time per exchange (`HH:MM` IST); the rest keep OpenAlgo's. */
  squareOffTimes: z.partialRecord(ExchangeSchema, TimeOfDaySchema).default({}),
  /** Exchange holidays (`YYYY-MM-DD`): no settlement or square-off on them. */
  holidays: z.array(z.iso.date()).default([]),
  /** Seed of the synthetic market (when no price source is injected). */
  seed: z.number().int().default(42),
  /** Run square-off and day-start work on time even when no call arrives. */
  scheduler: z.boolean().default(true),
});

export type SandboxConfig = z.infer<typeof SandboxConfigSchema>;
export type SandboxConfigInput = z.input<typeof SandboxConfigSchema>;
