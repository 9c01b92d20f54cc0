import { createPublicKey, verify as verifySignature, type JsonWebKey, type KeyObject } from 'node:crypto'
import { AppError } from '@vigil/core'

export interface OidcVerifierOptions {
  audience: string
  serviceAccountEmail: string
  issuers: readonly string[]
  jwksUrl: string
  cacheSeconds: number
  clockSkewSeconds: number
  now: () => Date
  /** The HTTP client for the JWKS; global fetch in production. */
  fetch?: typeof fetch
}

export interface OidcClaims {
  iss: string
  aud: string
  email: string
  exp: number
  iat: number
}

/** Refetches for an unknown `kid` at most this often, so forged kids cannot hammer the JWKS endpoint. */
const MIN_REFETCH_MS = 30_000

function b64urlJson(part: string, what: string): Record<string, unknown> {
  try {
    const v = JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as unknown
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>
  } catch {
    // fall through
  }
  throw new AppError('unauthorized', `the push token's ${what} is not base64url JSON`)
}

/**
 * Verifies the Google-signed OIDC token Pub/Sub puts on authenticated push
 * requests: RS256 over a key from the JWKS (fetched, cached, refetched on an
 * unknown key id), `iss`, `aud`, `email` (the push service account),
 * `email_verified`, `exp` and `iat`. Every failure is `unauthorized`, so
 * Pub/Sub keeps the message and redelivers it once the config is fixed.
 */
export class OidcVerifier {
  private keys = new Map<string, KeyObject>()
  private fetchedAt = 0
  private attemptedAt = 0
  private loading: Promise<void> | undefined

  constructor(private readonly options: OidcVerifierOptions) {}

  async verify(authorization: string | undefined): Promise<OidcClaims> {
    if (authorization === undefined) throw new AppError('unauthorized', 'the push request has no Authorization header; enable authentication on the push subscription')
    const m = /^Bearer\s+([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)\s*$/.exec(authorization)
    if (m === null) throw new AppError('unauthorized', 'the Authorization header is not a Bearer JWT')
    const [, h, p, s] = m as unknown as [string, string, string, string]
    const header = b64urlJson(h, 'header')
    if (header['alg'] !== 'RS256') throw new AppError('unauthorized', `the push token is signed with ${JSON.stringify(header['alg'])}, not RS256`)
    const kid = typeof header['kid'] === 'string' ? header['kid'] : ''
    const key = await this.key(kid)
    if (!verifySignature('RSA-SHA256', Buffer.from(`${h}.${p}`), key, Buffer.from(s, 'base64url'))) throw new AppError('unauthorized', 'the push token signature does not verify')
    const claims = b64urlJson(p, 'payload')
    const o = this.options
    const nowS = o.now().getTime() / 1000
    if (typeof claims['iss'] !== 'string' || !o.issuers.includes(claims['iss'])) throw new AppError('unauthorized', `the push token issuer ${JSON.stringify(claims['iss'])} is not accepted`)
    const aud = claims['aud']
    if (aud !== o.audience && !(Array.isArray(aud) && aud.includes(o.audience))) throw new AppError('unauthorized', 'the push token audience does not match the configured audience')
    if (claims['email'] !== o.serviceAccountEmail) throw new AppError('unauthorized', 'the push token is not for the configured push service account')
    if (claims['email_verified'] !== true) throw new AppError('unauthorized', 'the push token email is not verified')
    if (typeof claims['exp'] !== 'number' || claims['exp'] + o.clockSkewSeconds < nowS) throw new AppError('unauthorized', 'the push token has expired')
    if (typeof claims['iat'] !== 'number' || claims['iat'] - o.clockSkewSeconds > nowS) throw new AppError('unauthorized', 'the push token is issued in the future')
    return { iss: claims['iss'], aud: o.audience, email: claims['email'], exp: claims['exp'], iat: claims['iat'] }
  }

  private async key(kid: string): Promise<KeyObject> {
    const now = this.options.now().getTime()
    const stale = now - this.fetchedAt > this.options.cacheSeconds * 1000
    const mayRefetch = this.keys.size === 0 || now - this.attemptedAt > MIN_REFETCH_MS
    if (mayRefetch && (stale || !this.keys.has(kid))) await this.load()
    const key = this.keys.get(kid)
    if (key === undefined) throw new AppError('unauthorized', `the push token key id ${JSON.stringify(kid)} is not among the signing keys`)
    return key
  }

  private load(): Promise<void> {
    this.loading ??= (async () => {
      this.attemptedAt = this.options.now().getTime()
      try {
        const res = await (this.options.fetch ?? fetch)(this.options.jwksUrl, { signal: AbortSignal.timeout(10_000) })
        if (!res.ok) throw new Error(`HTTP ${res.status}`)
        const body = (await res.json()) as { keys?: unknown }
        if (!Array.isArray(body.keys)) throw new Error('no keys array')
        const keys = new Map<string, KeyObject>()
        for (const k of body.keys as (JsonWebKey & { kid?: string; use?: string })[]) {
          if (k.kty !== 'RSA' || typeof k.kid !== 'string' || (k.use !== undefined && k.use !== 'sig')) continue
          keys.set(k.kid, createPublicKey({ key: k, format: 'jwk' }))
        }
        this.keys = keys
        this.fetchedAt = this.options.now().getTime()
      } catch (err) {
        // Without keys nothing can be verified: a 503, so Pub/Sub retries; cached keys stay usable.
        if (this.keys.size === 0) throw new AppError('unavailable', `cannot fetch the OIDC signing keys from ${this.options.jwksUrl}: ${(err as Error).message}`, { cause: err, retryAfterSeconds: 10 })
      } finally {
        this.loading = undefined
      }
    })()
    return this.loading
  }
}
