import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { rankOf, selectSha256Rank, SHA256_RANK_DESCRIPTION, suggestedSampleSize } from './sampling.js'
import { canonicalJson, sha256 } from './canonical-json.js'

const DIR = new URL('../../../../shared/fixtures/evidence-formats/population/', import.meta.url)

describe('sha256-rank/v1', () => {
  it('reproduces sample smp-0001 from its seed and the fixture population', () => {
    const sample = JSON.parse(readFileSync(new URL('sample-smp-0001.json', DIR), 'utf8'))
    const csv = readFileSync(new URL('rbac_changes.csv', DIR), 'utf8').replace(/^\ufeff/, '').split('\r\n').filter((l) => l !== '')
    const header = (csv[0] as string).split(',')
    const [ci, ai, si] = ['cluster', 'audit_id', 'stage'].map((c) => header.indexOf(c)) as [number, number, number]
    const keys = csv.slice(1).map((l) => l.split(',')).map((f) => `${f[ci]}/${f[ai]}/${f[si]}`)
    expect(keys).toHaveLength(sample.population.row_count)
    expect(selectSha256Rank(sample.seed, keys, sample.size)).toEqual(sample.selected)
    // The order of the file does not matter.
    expect(selectSha256Rank(sample.seed, [...keys].reverse(), sample.size)).toEqual(sample.selected)
    expect(sample.method.description).toBe(SHA256_RANK_DESCRIPTION)
  })

  it('ranks by the hash, ties broken by key, and takes at most n', () => {
    const keys = Array.from({ length: 200 }, (_, i) => `c/${i}/ResponseComplete`)
    const all = keys.map((k) => ({ row_key: k, rank: rankOf('s', k) })).sort((a, b) => (a.rank < b.rank ? -1 : 1))
    expect(selectSha256Rank('s', keys, 7)).toEqual(all.slice(0, 7))
    expect(selectSha256Rank('s', keys, 0)).toEqual([])
    expect(selectSha256Rank('s', keys.slice(0, 3), 10)).toHaveLength(3)
    expect(selectSha256Rank('other', keys, 7)).not.toEqual(all.slice(0, 7))
  })

  it('suggests sizes from the population table', () => {
    expect([0, 5, 6, 50, 51, 250, 251, 1_000_000].map((n) => suggestedSampleSize(n).size)).toEqual([0, 5, 5, 5, 6, 25, 25, 25])
  })
})

describe('canonical JSON', () => {
  it('hashes the fixture population parameters to the hash its manifest states', () => {
    const manifest = JSON.parse(readFileSync(new URL('rbac_changes.population.json', DIR), 'utf8'))
    expect(sha256(canonicalJson(manifest.query.params))).toBe(manifest.query.params_jcs_sha256)
    expect(sha256(manifest.query.text)).toBe(manifest.query.text_sha256)
  })

  it('sorts keys, drops undefined and refuses non-integers', () => {
    expect(canonicalJson({ b: [1, 'x'], a: { d: null, c: true }, u: undefined })).toBe('{"a":{"c":true,"d":null},"b":[1,"x"]}')
    expect(() => canonicalJson({ x: 1.5 })).toThrow(/safe integers/)
  })
})
