import { AppError } from '@vigil/core'
import type { Credential, CredentialResolver } from './credentials.js'
import type { Metrics } from './metrics.js'

export interface RefusalLimits {
  /** Refused attempts one source address may make per window before it is throttled. */
  max_refusals: number
  window_ms: number
  /** Addresses remembered at once; the oldest window is forgotten first. */
  max_tracked_addresses: number
}

/**
 * Counts refused authentications per source address in fixed windows.
 * Past the limit, every request from the address gets 429, without its
 * token being looked at, until the window ends: a guesser learns nothing
 * more. Addresses behind one NAT share a window, so the limit is generous.
 */
export class RefusalLimiter {
  private readonly windows = new Map<string, { start: number; count: number }>()

  constructor(
    private readonly limits: RefusalLimits,
    private readonly now: () => number = Date.now,
  ) {}

  /** Seconds until the address may try again, or 0 when it may try now. */
  retryAfter(address: string): number {
    const w = this.windows.get(address)
    if (w === undefined) return 0
    const left = w.start + this.limits.window_ms - this.now()
    if (left <= 0) {
      this.windows.delete(address)
      return 0
    }
    return w.count >= this.limits.max_refusals ? Math.ceil(left / 1000) : 0
  }

  refused(address: string): void {
    const t = this.now()
    const w = this.windows.get(address)
    if (w !== undefined && t - w.start < this.limits.window_ms) {
      w.count++
      return
    }
    this.windows.delete(address)
    if (this.windows.size >= this.limits.max_tracked_addresses) {
      const oldest = this.windows.keys().next().value
      if (oldest !== undefined) this.windows.delete(oldest)
    }
    this.windows.set(address, { start: t, count: 1 })
  }
}

export interface AuthGateDeps {
  resolver: CredentialResolver
  limiter: RefusalLimiter
  metrics: Metrics
  service: string
}

/**
 * Authentication as every HTTP service does it: throttle addresses that
 * keep failing, resolve the token, count each refusal by reason. Returns
 * the credential or throws the AppError to answer with.
 */
export function createAuthGate(deps: AuthGateDeps): (authorization: string | undefined, address: string) => Credential {
  return (authorization, address) => {
    const wait = deps.limiter.retryAfter(address)
    if (wait > 0) {
      deps.metrics.authRefusals.inc({ service: deps.service, reason: 'throttled' })
      throw new AppError('too_many_attempts', `too many refused attempts from ${address}; retry in ${wait} s`, { retryAfterSeconds: wait })
    }
    const result = deps.resolver.authenticate(authorization)
    if (result.ok) return result.credential
    deps.limiter.refused(address)
    deps.metrics.authRefusals.inc({ service: deps.service, reason: result.reason })
    throw new AppError(result.reason === 'expired' ? 'token_expired' : 'unauthorized', result.message)
  }
}
