import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { createCredentialResolver, createLogger } from '@vigil/platform'
import { configuredClusterTokens } from './tokens.js'

const sha = (t: string) => createHash('sha256').update(t).digest('hex')
const PROD = 'prod-token-0123456789abcdef'
const STAGING = 'staging-token-0123456789abcdef'
const logger = createLogger({ level: 'silent', destination: { write: () => {} } })

function clusters(entries: Parameters<typeof configuredClusterTokens>[0]) {
  const r = createCredentialResolver({ configured: configuredClusterTokens(entries), pollIntervalMs: 1000, logger })
  return (header: string | undefined) => {
    const a = r.authenticate(header)
    return a.ok ? a.credential.cluster : undefined
  }
}

describe('config-file cluster tokens', () => {
  const clusterFor = clusters([
    { cluster: 'prod', token: PROD },
    { cluster: 'staging', token_sha256: sha(STAGING).toUpperCase() },
  ])

  it('maps a plaintext token to its cluster, with role ingest', () => {
    expect(clusterFor(`Bearer ${PROD}`)).toBe('prod')
    expect(configuredClusterTokens([{ cluster: 'prod', token: PROD }])[0]?.credential.role).toBe('ingest')
  })

  it('maps a token configured by its SHA-256, in any hex case', () => {
    expect(clusterFor(`Bearer ${STAGING}`)).toBe('staging')
  })

  it.each([`bearer ${PROD}`, `BEARER ${PROD}`, `Bearer   ${PROD}`, `Bearer\t${PROD}`, `Bearer ${PROD}  `])('accepts the header form %j', (header) => {
    expect(clusterFor(header)).toBe('prod')
  })

  it.each([
    ['no header', undefined],
    ['empty', ''],
    ['scheme only', 'Bearer'],
    ['scheme and space', 'Bearer '],
    ['another scheme', `Basic ${PROD}`],
    ['no scheme', PROD],
    ['two words', `Bearer ${PROD} extra`],
    ['leading space', ` Bearer ${PROD}`],
    ['unknown token', 'Bearer not-a-known-token-at-all'],
    ['the hash instead of the token', `Bearer ${sha(PROD)}`],
    ['a prefix of the token', `Bearer ${PROD.slice(0, -1)}`],
  ])('answers undefined for %s', (_name, header) => {
    expect(clusterFor(header)).toBeUndefined()
  })

  it('prefers token_sha256 when an entry has both', () => {
    const t = clusters([{ cluster: 'x', token: PROD, token_sha256: sha(STAGING) }])
    expect(t(`Bearer ${STAGING}`)).toBe('x')
    expect(t(`Bearer ${PROD}`)).toBeUndefined()
  })

  it('lets several tokens name one cluster', () => {
    const t = clusters([
      { cluster: 'prod', token: PROD },
      { cluster: 'prod', token: `${PROD}-rotated` },
      { cluster: 'dev', token: STAGING },
    ])
    expect(t(`Bearer ${PROD}-rotated`)).toBe('prod')
    expect(t(`Bearer ${PROD}`)).toBe('prod')
  })

  it('keeps the last cluster when one token is configured twice', () => {
    const t = clusters([
      { cluster: 'a', token: PROD },
      { cluster: 'b', token_sha256: sha(PROD) },
    ])
    expect(t(`Bearer ${PROD}`)).toBe('b')
  })
})
