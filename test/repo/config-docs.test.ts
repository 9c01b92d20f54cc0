import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { AnalyzerConfigSchema } from '@vigil/analyzer'
import { ApiConfigSchema } from '@vigil/api'
import { IngestConfigSchema } from '@vigil/ingest'
import { RouterConfigSchema } from '@vigil/router'
import { configKeyPaths } from '../support/config-keys.js'

const doc = readFileSync(fileURLToPath(new URL('../../docs/configuration.md', import.meta.url)), 'utf8')

describe('docs/configuration.md', () => {
  it('documents every config key the services accept', () => {
    const keys = new Set([IngestConfigSchema, AnalyzerConfigSchema, ApiConfigSchema, RouterConfigSchema].flatMap((s) => configKeyPaths(s)))
    expect(keys.size).toBeGreaterThan(40)
    const undocumented = [...keys].filter((k) => !doc.includes(`\`${k}\``) && !doc.includes(`\`${k},`) && !doc.includes(`, \`${k.split('.').slice(0, -1).join('.')}.${k.split('.').at(-1)}\``))
    expect(undocumented).toEqual([])
  })
})
