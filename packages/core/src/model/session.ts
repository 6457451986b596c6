import { z } from 'zod';

/**
 * A logged-in broker session: plain serialisable data so the server can encrypt and store it and
 * hand it back to `create` after a restart. Token fields are secrets and are redacted by key name.
 */
export const SessionSchema = z.object({
  broker: z.string().min(1),
  userId: z.string().min(1),
  accessToken: z.string().min(1),
  refreshToken: z.string().optional(),
  feedToken: z.string().optional(),
  /** Epoch milliseconds after which the broker will reject the tokens. */
  expiresAt: z.number().int(),
  /**
   * Secrets the user chose to keep with the session so the broker's `auth.refresh` can log in again by
   * itself after expiry (Angel's PIN and TOTP secret, Fyers' PIN). Opt-in per account; sealed with the
   * session at rest and redacted from logs by key name like every token field.
   */
  loginSecrets: z.record(z.string(), z.string()).optional(),
  /** Broker-specific extras (e.g. public token, exchanges enabled); never secrets. */
  meta: z.record(z.string(), z.string()).optional(),
});
export type Session = z.infer<typeof SessionSchema>;

export function isSessionExpired(session: Session, nowMs: number): boolean {
  return nowMs >= session.expiresAt;
}
