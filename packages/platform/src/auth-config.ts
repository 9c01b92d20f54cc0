import { z } from 'zod'

/** How every service authenticates callers: the `auth` section, shared by ingest and api. */
export const AuthSection = z.strictObject({
  /**
   * Accept managed tokens from the store's tokens table besides the tokens in
   * config files. A standalone ingest reads the table only from a ClickHouse
   * server (a chDB store belongs to one process).
   */
  managed_tokens: z.boolean().default(true),
  /** How often each process reloads the tokens table (and the api the sessions table): the longest a revocation, a new token or a logout on another replica takes to apply. */
  token_poll_interval_ms: z.number().int().min(100).max(300_000).default(2_000),
  /** Refused authentications one source address may make per window before it gets 429s for the rest of the window. */
  max_refusals_per_window: z.number().int().positive().default(20),
  refusal_window_ms: z.number().int().positive().default(60_000),
  /** Source addresses tracked at once; the oldest is forgotten first. */
  max_tracked_addresses: z.number().int().positive().default(10_000),
})
export type AuthSection = z.infer<typeof AuthSection>
