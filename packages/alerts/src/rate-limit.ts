/**
 * A token bucket per sink key on an injected clock, plus a pause: a 429
 * stops the whole key (every group on that webhook or channel) until its
 * Retry-After, not just the request that got it.
 */
export class TokenBucket {
  readonly #ratePerMs: number
  readonly #burst: number
  #tokens: number
  #updatedAt: number
  #pausedUntil = 0

  constructor(options: { perSecond: number; burst: number; now: number }) {
    this.#ratePerMs = options.perSecond / 1000
    this.#burst = options.burst
    this.#tokens = options.burst
    this.#updatedAt = options.now
  }

  #refill(now: number): void {
    if (now > this.#updatedAt) {
      this.#tokens = Math.min(this.#burst, this.#tokens + (now - this.#updatedAt) * this.#ratePerMs)
      this.#updatedAt = now
    }
  }

  /** Takes a token if one is there and the key is not paused. */
  tryTake(now: number): boolean {
    if (now < this.#pausedUntil) return false
    this.#refill(now)
    if (this.#tokens < 1) return false
    this.#tokens -= 1
    return true
  }

  /** When a token will next be available (now, if one is). */
  availableAt(now: number): number {
    this.#refill(now)
    const tokenAt = this.#tokens >= 1 ? now : now + Math.ceil((1 - this.#tokens) / this.#ratePerMs)
    return Math.max(tokenAt, this.#pausedUntil)
  }

  pauseUntil(at: number): void {
    this.#pausedUntil = Math.max(this.#pausedUntil, at)
    this.#tokens = 0
  }

  get pausedUntil(): number {
    return this.#pausedUntil
  }
}

export function perSecond(limit: { per_second?: number | undefined; per_minute?: number | undefined }): number {
  return limit.per_second ?? (limit.per_minute as number) / 60
}
