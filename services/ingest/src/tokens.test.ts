import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { ClusterTokens } from './tokens.js'

const sha = (t: string) => createHash('sha256').update(t).digest('hex')
const PROD = 'prod-token-0123456789abcdef'
const STAGING = 'staging-token-0123456789abcdef'

describe('ClusterTokens', () => {
  const tokens = new ClusterTokens([
    { cluster: 'prod', token: PROD },
    { cluster: 'staging', token_sha256: sha(STAGING).toUpperCase() },
  ])

  it('maps a plaintext token to its cluster', () => {
    expect(tokens.clusterFor(`Bearer ${PROD}`)).toBe('prod')
  })

  it('maps a token configured by its SHA-256, in any hex case', () => {
    expect(tokens.clusterFor(`Bearer ${STAGING}`)).toBe('staging')
  })

  it.each([`bearer ${PROD}`, `BEARER ${PROD}`, `Bearer   ${PROD}`, `Bearer\t${PROD}`, `Bearer ${PROD}  `])('accepts the header form %j', (header) => {
    expect(tokens.clusterFor(header)).toBe('prod')
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
    expect(tokens.clusterFor(header)).toBeUndefined()
  })

  it('skips entries with neither token nor hash', () => {
    const t = new ClusterTokens([{ cluster: 'x' }, { cluster: 'y', token: PROD }])
    expect(t.size).toBe(1)
    expect(t.clusters).toEqual(['y'])
  })

  it('prefers token_sha256 when an entry has both', () => {
    const t = new ClusterTokens([{ cluster: 'x', token: PROD, token_sha256: sha(STAGING) }])
    expect(t.clusterFor(`Bearer ${STAGING}`)).toBe('x')
    expect(t.clusterFor(`Bearer ${PROD}`)).toBeUndefined()
  })

  it('lets several tokens name one cluster, and lists each cluster once', () => {
    const t = new ClusterTokens([
      { cluster: 'prod', token: PROD },
      { cluster: 'prod', token: `${PROD}-rotated` },
      { cluster: 'dev', token: STAGING },
    ])
    expect(t.size).toBe(3)
    expect(t.clusters).toEqual(['prod', 'dev'])
    expect(t.clusterFor(`Bearer ${PROD}-rotated`)).toBe('prod')
  })

  it('keeps the last cluster when one token is configured twice', () => {
    const t = new ClusterTokens([
      { cluster: 'a', token: PROD },
      { cluster: 'b', token_sha256: sha(PROD) },
    ])
    expect(t.size).toBe(1)
    expect(t.clusterFor(`Bearer ${PROD}`)).toBe('b')
  })

  it('is empty without entries', () => {
    const t = new ClusterTokens([])
    expect(t.size).toBe(0)
    expect(t.clusters).toEqual([])
    expect(t.clusterFor(`Bearer ${PROD}`)).toBeUndefined()
  })
})
