import { readFileSync } from 'node:fs'
import { parseDocument, parse as parseYamlValue } from 'yaml'
import { z } from 'zod'
import { AppError } from '@vigil/core'

/** Environment variables that override config keys: `VIGIL_INGEST__PORT=9000` sets `ingest.port`. */
export const ENV_PREFIX = 'VIGIL_'

/** Environment variables with the prefix that are not config keys. */
const RESERVED_ENV = new Set(['VIGIL_CONFIG'])

export interface ConfigSource {
  /** Path of a YAML config file; absent means "defaults plus environment". */
  file?: string | undefined
  env: Readonly<Record<string, string | undefined>>
}

/**
 * Reads the YAML file (if any) and applies environment overrides. Returns a
 * plain document; validation is the caller's schema's job.
 */
export function loadConfigDocument(source: ConfigSource): Record<string, unknown> {
  let doc: Record<string, unknown> = {}
  if (source.file !== undefined) {
    let text: string
    try {
      text = readFileSync(source.file, 'utf8')
    } catch (err) {
      throw new AppError('invalid_config', `cannot read config file ${source.file}: ${(err as Error).message}`, { cause: err })
    }
    const parsed = parseDocument(text, { prettyErrors: true, uniqueKeys: true })
    if (parsed.errors.length > 0) {
      const lines = parsed.errors.map((e) => `  ${source.file}:${e.linePos?.[0]?.line ?? '?'}:${e.linePos?.[0]?.col ?? '?'} ${e.message.split('\n')[0]}`)
      throw new AppError('invalid_config', `config file ${source.file} is not valid YAML:\n${lines.join('\n')}`)
    }
    const value: unknown = parsed.toJS()
    if (value !== null && value !== undefined) {
      if (typeof value !== 'object' || Array.isArray(value)) {
        throw new AppError('invalid_config', `config file ${source.file} must hold a mapping at the top level`)
      }
      doc = value as Record<string, unknown>
    }
  }
  for (const [name, raw] of Object.entries(source.env)) {
    // An empty variable is treated as unset, as shells and orchestrators often leave them.
    if (!name.startsWith(ENV_PREFIX) || RESERVED_ENV.has(name) || raw === undefined || raw === '') continue
    const path = name.slice(ENV_PREFIX.length).toLowerCase().split('__')
    if (path.some((p) => p.length === 0)) continue
    setPath(doc, path, parseEnvValue(raw))
  }
  return doc
}

function parseEnvValue(raw: string): unknown {
  try {
    return parseYamlValue(raw)
  } catch {
    return raw
  }
}

function setPath(doc: Record<string, unknown>, path: string[], value: unknown): void {
  let node = doc
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    if (typeof next !== 'object' || next === null || Array.isArray(next)) node[key] = {}
    node = node[key] as Record<string, unknown>
  }
  node[path[path.length - 1] as string] = value
}

/** One line per problem: `ingest.port: expected number, received string`. */
export function formatIssues(issues: readonly z.core.$ZodIssue[]): string[] {
  return issues.map((issue) => {
    const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'
    if (issue.code === 'unrecognized_keys') {
      return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
    }
    return `${path}: ${issue.message}`
  })
}

/** Validates a document with a schema; on failure throws one error listing every problem. */
export function parseConfig<S extends z.ZodType>(schema: S, doc: unknown, origin: string): z.output<S> {
  const result = schema.safeParse(doc)
  if (!result.success) {
    const problems = formatIssues(result.error.issues)
    throw new AppError('invalid_config', `invalid configuration (${origin}), ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
  return result.data
}

/** Problems a schema finds in a document, or none. Used by `vigil config check`. */
export function configProblems(schema: z.ZodType, doc: unknown): string[] {
  const result = schema.safeParse(doc)
  return result.success ? [] : formatIssues(result.error.issues)
}
