import { describe, expect, it } from 'vitest'
import { nextAttempt, parseRetryAfter, type RetryPolicy } from './backoff.js'
import { TokenBucket } from './rate-limit.js'

const policy: RetryPolicy = { baseMs: 1000, capMs: 300_000, maxAttempts: 5, maxAgeMs: 3_600_000, rateLimitedFloorMs: 30_000 }

describe('nextAttempt', () => {
  it('draws the wait uniformly below min(cap, base * 2^(n-1))', () => {
    expect(nextAttempt(policy, { attempts: 1, firstAttemptAt: 0, now: 0, random: () => 0.999999 })).toEqual({ at: 999 })
    expect(nextAttempt(policy, { attempts: 4, firstAttemptAt: 0, now: 0, random: () => 0.5 })).toEqual({ at: 4000 })
    expect(nextAttempt({ ...policy, maxAttempts: 100 }, { attempts: 30, firstAttemptAt: 0, now: 0, random: () => 0.5 })).toEqual({ at: 150_000 })
    expect(nextAttempt(policy, { attempts: 1, firstAttemptAt: 0, now: 0, random: () => 0 })).toEqual({ at: 0 })
  })
  it('never waits less than Retry-After', () => {
    expect(nextAttempt(policy, { attempts: 1, firstAttemptAt: 0, now: 10, random: () => 0.1, retryAfterMs: 3000 })).toEqual({ at: 3010 })
  })
  it('gives up after max_attempts or past max_age', () => {
    expect(nextAttempt(policy, { attempts: 5, firstAttemptAt: 0, now: 0, random: () => 0 })).toEqual({ dead: 'max_attempts' })
    expect(nextAttempt(policy, { attempts: 2, firstAttemptAt: 0, now: 3_599_000, random: () => 0.9 })).toEqual({ dead: 'max_age' })
  })
  it('reads Retry-After as seconds or an HTTP date', () => {
    expect(parseRetryAfter('3', 0)).toBe(3000)
    expect(parseRetryAfter('Thu, 01 Jan 1970 00:00:10 GMT', 4000)).toBe(6000)
    expect(parseRetryAfter('soon', 0)).toBeUndefined()
    expect(parseRetryAfter(undefined, 0)).toBeUndefined()
  })
})

describe('TokenBucket', () => {
  it('allows the burst, then the rate', () => {
    const b = new TokenBucket({ perSecond: 1, burst: 3, now: 0 })
    expect([b.tryTake(0), b.tryTake(0), b.tryTake(0), b.tryTake(0)]).toEqual([true, true, true, false])
    expect(b.availableAt(0)).toBe(1000)
    expect(b.tryTake(999)).toBe(false)
    expect(b.tryTake(1000)).toBe(true)
  })
  it('pauses the whole key until a Retry-After has passed', () => {
    const b = new TokenBucket({ perSecond: 10, burst: 5, now: 0 })
    b.pauseUntil(3000)
    expect(b.tryTake(2999)).toBe(false)
    expect(b.availableAt(0)).toBe(3000)
    expect(b.tryTake(3000)).toBe(true)
  })
})
