import { describe, expect, it } from 'vitest'
import { newManagedToken, sha256Hex, type StoredToken } from '@vigil/core'
import pino from 'pino'
import { createCredentialResolver, type TokenSource } from './credentials.js'
import { RefusalLimiter } from './auth-gate.js'

const logger = pino({ level: 'silent' })
const CONFIG_TOKEN = 'config-token-0123456789abcdef'

function stored(role: StoredToken['role'], overrides: Partial<StoredToken> = {}): { row: StoredToken; token: string } {
  const t = newManagedToken(role)
  const row: StoredToken = {
    id: t.id,
    name: `${role}-token`,
    role,
    cluster: role === 'ingest' ? 'prod' : null,
    clusters: [],
    token_sha256: t.token_sha256,
    created_by: 'test',
    created_at: '2026-12-01T00:00:00.000Z',
    expires_at: null,
    revoked_at: null,
    revoked_by: null,
    rotated_from: null,
    updated_at: '2026-12-01T00:00:00.000Z',
    ...overrides,
  }
  return { row, token: t.token }
}

function source(rows: StoredToken[]): TokenSource & { uses: { id: string; last_used_at: string }[]; rows: StoredToken[] } {
  const s = {
    rows,
    uses: [] as { id: string; last_used_at: string }[],
    loadTokens: async () => s.rows,
    recordUse: async (u: readonly { id: string; last_used_at: string }[]) => {
      s.uses.push(...u)
    },
  }
  return s
}

describe('createCredentialResolver', () => {
  it('accepts config tokens by plaintext or by SHA-256, and says why others fail', async () => {
    const r = createCredentialResolver({
      configured: [
        { token: CONFIG_TOKEN, credential: { name: 'ops', role: 'admin', cluster: undefined, clusters: undefined } },
        { token_sha256: sha256Hex('hashed-token-0123456789').toUpperCase(), credential: { name: 'ci', role: 'auditor', cluster: undefined, clusters: ['a'] } },
      ],
      pollIntervalMs: 1000,
      logger,
    })
    await r.start()
    expect(r.authenticate(`Bearer ${CONFIG_TOKEN}`)).toMatchObject({ ok: true, credential: { name: 'ops', role: 'admin', source: 'config' } })
    expect(r.authenticate('bearer   hashed-token-0123456789 ')).toMatchObject({ ok: true, credential: { name: 'ci', clusters: ['a'] } })
    expect(r.authenticate(undefined)).toMatchObject({ ok: false, reason: 'missing' })
    expect(r.authenticate(`Basic ${CONFIG_TOKEN}`)).toMatchObject({ ok: false, reason: 'malformed' })
    expect(r.authenticate('Bearer nope-nope-nope-nope')).toMatchObject({ ok: false, reason: 'unknown' })
    await r.stop()
  })

  it('accepts a managed token only with the right secret, and not once revoked or expired', async () => {
    let clock = new Date('2026-12-02T00:00:00.000Z')
    const live = stored('analyst', { clusters: ['a', 'b'] })
    const expiring = stored('auditor', { expires_at: '2026-12-02T00:00:10.000Z' })
    const revoked = stored('admin', { revoked_at: '2026-12-01T12:00:00.000Z', revoked_by: 'root' })
    const src = source([live.row, expiring.row, revoked.row])
    const r = createCredentialResolver({ configured: [], source: src, pollIntervalMs: 60_000, logger, now: () => clock })
    await r.start()
    expect(r.authenticate(`Bearer ${live.token}`)).toMatchObject({ ok: true, credential: { id: live.row.id, role: 'analyst', clusters: ['a', 'b'], source: 'store' } })
    // Same id, different secret.
    const forged = `${live.token.slice(0, -4)}AAAA`
    expect(r.authenticate(`Bearer ${forged}`)).toMatchObject({ ok: false, reason: 'unknown' })
    expect(r.authenticate(`Bearer ${revoked.token}`)).toMatchObject({ ok: false, reason: 'revoked' })
    expect(r.authenticate(`Bearer ${expiring.token}`)).toMatchObject({ ok: true })
    clock = new Date('2026-12-02T00:00:10.000Z')
    const expired = r.authenticate(`Bearer ${expiring.token}`)
    expect(expired).toMatchObject({ ok: false, reason: 'expired' })
    expect(!expired.ok && expired.message).toContain('expired at 2026-12-02T00:00:10.000Z')
    // No failure message carries the token.
    for (const t of [forged, revoked.token, expiring.token]) {
      const a = r.authenticate(`Bearer ${t}`)
      expect(a.ok ? '' : a.message).not.toContain(t.slice(-20))
    }
    await r.stop()
    expect(src.uses.map((u) => u.id).sort()).toEqual([expiring.row.id, live.row.id].sort())
  })

  it('sees tokens added and revoked in the source at the next reload', async () => {
    const a = stored('ingest')
    const src = source([])
    const r = createCredentialResolver({ configured: [], source: src, pollIntervalMs: 60_000, logger })
    await r.start()
    expect(r.authenticate(`Bearer ${a.token}`).ok).toBe(false)
    src.rows = [a.row]
    await r.refresh()
    expect(r.authenticate(`Bearer ${a.token}`)).toMatchObject({ ok: true, credential: { role: 'ingest', cluster: 'prod' } })
    src.rows = [{ ...a.row, revoked_at: new Date().toISOString() }]
    await r.refresh()
    expect(r.authenticate(`Bearer ${a.token}`)).toMatchObject({ ok: false, reason: 'revoked' })
    await r.stop()
  })

  it('keeps the last good set when a reload fails', async () => {
    const a = stored('ingest')
    const src = source([a.row])
    const r = createCredentialResolver({ configured: [], source: src, pollIntervalMs: 60_000, logger })
    await r.start()
    src.loadTokens = async () => {
      throw new Error('store down')
    }
    await expect(r.refresh()).rejects.toThrow('store down')
    expect(r.authenticate(`Bearer ${a.token}`).ok).toBe(true)
    await r.stop()
  })
})

describe('RefusalLimiter', () => {
  it('throttles an address past the limit until its window ends, and no other address', () => {
    let t = 0
    const l = new RefusalLimiter({ max_refusals: 3, window_ms: 10_000, max_tracked_addresses: 2 }, () => t)
    for (let i = 0; i < 3; i++) {
      expect(l.retryAfter('1.1.1.1')).toBe(0)
      l.refused('1.1.1.1')
    }
    expect(l.retryAfter('1.1.1.1')).toBe(10)
    expect(l.retryAfter('2.2.2.2')).toBe(0)
    t = 9_001
    expect(l.retryAfter('1.1.1.1')).toBe(1)
    t = 10_000
    expect(l.retryAfter('1.1.1.1')).toBe(0)
  })

  it('forgets the oldest address when full', () => {
    const l = new RefusalLimiter({ max_refusals: 1, window_ms: 10_000, max_tracked_addresses: 2 }, () => 0)
    l.refused('a')
    l.refused('b')
    l.refused('c')
    expect(l.retryAfter('a')).toBe(0)
    expect(l.retryAfter('b')).toBe(10)
    expect(l.retryAfter('c')).toBe(10)
  })
})
