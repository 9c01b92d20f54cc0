/** Retry policy of one sink: full-jitter exponential backoff, bounded by attempts and by age. */
export interface RetryPolicy {
  baseMs: number
  capMs: number
  maxAttempts: number
  maxAgeMs: number
  /** The wait after a 429 without Retry-After. */
  rateLimitedFloorMs: number
}

/**
 * When to try again after failed attempt number `attempts` (1-based), or
 * `dead` when the next try would exceed the attempts or the age bound.
 * `sleep = random(0, min(cap, base * 2^(attempts-1)))`, at least `retryAfterMs`.
 * `random` is injected so tests are exact.
 */
export function nextAttempt(policy: RetryPolicy, o: { attempts: number; firstAttemptAt: number; now: number; retryAfterMs?: number; random: () => number }): { at: number } | { dead: 'max_attempts' | 'max_age' } {
  if (o.attempts >= policy.maxAttempts) return { dead: 'max_attempts' }
  const ceiling = Math.min(policy.capMs, policy.baseMs * 2 ** Math.min(o.attempts - 1, 40))
  const wait = Math.max(Math.floor(o.random() * ceiling), o.retryAfterMs ?? 0)
  const at = o.now + wait
  if (at - o.firstAttemptAt > policy.maxAgeMs) return { dead: 'max_age' }
  return { at }
}

/** `Retry-After` as seconds or an HTTP date, in ms from `now`; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (value === undefined) return undefined
  const v = value.trim()
  if (/^\d+$/.test(v)) return Number(v) * 1000
  const at = Date.parse(v)
  return Number.isNaN(at) ? undefined : Math.max(0, at - now)
}
