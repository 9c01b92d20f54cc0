import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { AppError } from '@vigil/core'
import { OidcVerifier } from './oidc.js'

const AUD = 'https://vigil.example/v1/sources/pubsub/gke'
const EMAIL = 'push@p.iam.gserviceaccount.com'
const keyA = generateKeyPairSync('rsa', { modulusLength: 2048 })
const keyB = generateKeyPairSync('rsa', { modulusLength: 2048 })
const jwk = (k: KeyObject, kid: string) => ({ ...k.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' })
const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')

function token(key: KeyObject, kid: string, nowS: number, claims: Record<string, unknown> = {}): string {
  const h = b64({ alg: 'RS256', kid })
  const p = b64({ iss: 'https://accounts.google.com', aud: AUD, email: EMAIL, email_verified: true, iat: nowS, exp: nowS + 3600, ...claims })
  return `Bearer ${h}.${p}.${sign('RSA-SHA256', Buffer.from(`${h}.${p}`), key).toString('base64url')}`
}

/** A JWKS endpoint as a fetch function: serves `keys`, or fails while `down`. */
function jwksFetch(state: { keys: unknown[]; down: boolean; calls: number }): typeof fetch {
  return (async () => {
    state.calls++
    if (state.down) throw new Error('connect ECONNREFUSED')
    return new Response(JSON.stringify({ keys: state.keys }), { status: 200, headers: { 'content-type': 'application/json' } })
  }) as typeof fetch
}

function verifier(state: { keys: unknown[]; down: boolean; calls: number }, clock: { ms: number }) {
  return new OidcVerifier({ audience: AUD, serviceAccountEmail: EMAIL, issuers: ['https://accounts.google.com'], jwksUrl: 'https://keys.test/certs', cacheSeconds: 3600, clockSkewSeconds: 60, now: () => new Date(clock.ms), fetch: jwksFetch(state) })
}

async function code(p: Promise<unknown>): Promise<string> {
  try {
    await p
    return 'ok'
  } catch (err) {
    return err instanceof AppError ? err.code : 'thrown'
  }
}

describe('OidcVerifier', () => {
  it('fetches the keys once and reuses them until the cache expires', async () => {
    const state = { keys: [jwk(keyA.publicKey, 'a')], down: false, calls: 0 }
    const clock = { ms: Date.UTC(2026, 11, 7) }
    const v = verifier(state, clock)
    const now = () => Math.floor(clock.ms / 1000)
    await v.verify(token(keyA.privateKey, 'a', now()))
    await v.verify(token(keyA.privateKey, 'a', now()))
    expect(state.calls).toBe(1)
    clock.ms += 3601_000
    await v.verify(token(keyA.privateKey, 'a', now()))
    expect(state.calls).toBe(2)
  })

  it('picks up a rotated key on an unknown kid, but refetches at most every 30 s', async () => {
    const state = { keys: [jwk(keyA.publicKey, 'a')], down: false, calls: 0 }
    const clock = { ms: Date.UTC(2026, 11, 7) }
    const v = verifier(state, clock)
    const now = () => Math.floor(clock.ms / 1000)
    await v.verify(token(keyA.privateKey, 'a', now()))
    state.keys = [jwk(keyA.publicKey, 'a'), jwk(keyB.publicKey, 'b')]
    clock.ms += 5_000
    expect(await code(v.verify(token(keyB.privateKey, 'b', now())))).toBe('unauthorized')
    expect(await code(v.verify(token(keyB.privateKey, 'forged', now())))).toBe('unauthorized')
    expect(state.calls).toBe(1)
    clock.ms += 30_000
    expect(await code(v.verify(token(keyB.privateKey, 'b', now())))).toBe('ok')
    expect(state.calls).toBe(2)
  })

  it('answers unavailable (503, Pub/Sub retries) when no keys can be fetched, and keeps cached keys when a refresh fails', async () => {
    const state = { keys: [jwk(keyA.publicKey, 'a')], down: true, calls: 0 }
    const clock = { ms: Date.UTC(2026, 11, 7) }
    const v = verifier(state, clock)
    const now = () => Math.floor(clock.ms / 1000)
    expect(await code(v.verify(token(keyA.privateKey, 'a', now())))).toBe('unavailable')
    state.down = false
    expect(await code(v.verify(token(keyA.privateKey, 'a', now())))).toBe('ok')
    state.down = true
    clock.ms += 3601_000
    expect(await code(v.verify(token(keyA.privateKey, 'a', now())))).toBe('ok')
  })

  it('refuses tokens not signed with RS256 (none, HS256)', async () => {
    const state = { keys: [jwk(keyA.publicKey, 'a')], down: false, calls: 0 }
    const clock = { ms: Date.now() }
    const v = verifier(state, clock)
    const good = token(keyA.privateKey, 'a', Math.floor(clock.ms / 1000)).slice('Bearer '.length).split('.')
    const none = `Bearer ${b64({ alg: 'none', kid: 'a' })}.${good[1]}.${good[2]}`
    const hs = `Bearer ${b64({ alg: 'HS256', kid: 'a' })}.${good[1]}.${good[2]}`
    expect(await code(v.verify(none))).toBe('unauthorized')
    expect(await code(v.verify(hs))).toBe('unauthorized')
  })
})
