import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import type { z } from 'zod'
import { AnalyzerConfigSchema } from '@vigil/analyzer'
import { ApiConfigSchema } from '@vigil/api'
import { IngestConfigSchema } from '@vigil/ingest'

const doc = readFileSync(fileURLToPath(new URL('../../docs/configuration.md', import.meta.url)), 'utf8')

/** Every leaf key path of a config schema, through defaults, optionals and unions. */
function keyPaths(schema: z.ZodType, prefix = ''): string[] {
  const def = (schema as unknown as { def: { type: string; innerType?: z.ZodType; shape?: Record<string, z.ZodType>; options?: z.ZodType[]; in?: z.ZodType } }).def
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
      return keyPaths(def.innerType as z.ZodType, prefix)
    case 'pipe':
      return keyPaths(def.in as z.ZodType, prefix)
    case 'union':
      return [...new Set((def.options ?? []).flatMap((o) => keyPaths(o, prefix)))]
    case 'object': {
      const shape = (schema as unknown as { shape: Record<string, z.ZodType> }).shape
      return Object.entries(shape).flatMap(([k, v]) => {
        const path = prefix === '' ? k : `${prefix}.${k}`
        const inner = keyPaths(v, path)
        return inner.length === 0 ? [path] : inner
      })
    }
    case 'unknown':
      return []
    default:
      return prefix === '' ? [] : [prefix]
  }
}

describe('docs/configuration.md', () => {
  it('documents every config key the services accept', () => {
    const keys = new Set([IngestConfigSchema, AnalyzerConfigSchema, ApiConfigSchema].flatMap((s) => keyPaths(s)))
    expect(keys.size).toBeGreaterThan(40)
    const undocumented = [...keys].filter((k) => !doc.includes(`\`${k}\``) && !doc.includes(`\`${k},`) && !doc.includes(`, \`${k.split('.').slice(0, -1).join('.')}.${k.split('.').at(-1)}\``))
    expect(undocumented).toEqual([])
  })
})
