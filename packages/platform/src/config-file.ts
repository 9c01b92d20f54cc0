import { readFileSync } from 'node:fs'
import { parseDocument, parse as parseYamlValue } from 'yaml'
import { z } from 'zod'
import { AppError } from '@vigil/core'

import { CommonConfigShape, CONFIG_SECTIONS } from './common-config.js'

/** Environment variables that override config keys: `VIGIL_INGEST__PORT=9000` sets `ingest.port`. */
export const ENV_PREFIX = 'VIGIL_'

/** Environment variables with the prefix that vigil reads and are not config keys: the config file, and the CLI's client settings. */
export const RESERVED_ENV: ReadonlySet<string> = new Set(['VIGIL_CONFIG', 'VIGIL_API_URL', 'VIGIL_API_TOKEN', 'VIGIL_TOKEN_FILE'])

/** The top-level keys a variable may name: the sections and the common scalar keys. */
const SECTIONS: ReadonlySet<string> = new Set(CONFIG_SECTIONS)
const SCALARS: ReadonlySet<string> = new Set(Object.keys(CommonConfigShape))

/**
 * The config path a variable names, or undefined when it is not a config
 * override. The rule (docs/configuration.md): `VIGIL_<SECTION>__<KEY>…` for a
 * known section, or `VIGIL_<KEY>` for a top-level key (`VIGIL_LOG_LEVEL`).
 * Anything else with the prefix (a test's `VIGIL_FIXTURES_DIR`, a typo such
 * as `VIGIL_INGEST_PORT`) is not config: it is left alone and named by
 * ignoredConfigEnv, so a caller can warn. An unknown key inside a known
 * section still fails validation, as a typo in the file does.
 */
function envConfigPath(name: string): string[] | undefined {
  if (!name.startsWith(ENV_PREFIX) || RESERVED_ENV.has(name)) return undefined
  const path = name.slice(ENV_PREFIX.length).toLowerCase().split('__')
  if (path.some((p) => p.length === 0)) return undefined
  const [top] = path as [string, ...string[]]
  if (SECTIONS.has(top)) return path
  if (SCALARS.has(top) && path.length === 1) return path
  return undefined
}

/** `VIGIL_*` variables that are set but are not config overrides (see envConfigPath), sorted; for a warning. */
export function ignoredConfigEnv(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.keys(env)
    .filter((name) => name.startsWith(ENV_PREFIX) && !RESERVED_ENV.has(name) && env[name] !== undefined && env[name] !== '' && envConfigPath(name) === undefined)
    .sort()
}

/** The warning for ignored variables, naming them (never their values) and the rule. */
export function ignoredConfigEnvWarning(names: readonly string[]): string {
  return `ignoring ${names.join(', ')}: not config (a config variable is VIGIL_<SECTION>__<KEY> for a section ${CONFIG_SECTIONS.join(', ')}, or VIGIL_${[...SCALARS].map((k) => k.toUpperCase()).join(' / VIGIL_')}; see docs/configuration.md)`
}

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
    if (raw === undefined || raw === '') continue
    const path = envConfigPath(name)
    if (path === undefined) continue
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
