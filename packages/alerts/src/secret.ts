import { z } from 'zod'

/** Where a secret comes from: a file (trailing newline stripped) or an environment variable. Never inline. */
export const SecretRef = z.union([z.strictObject({ file: z.string().min(1) }), z.strictObject({ env: z.string().min(1) })])
export type SecretRef = z.infer<typeof SecretRef>

const MASK = '***'

/**
 * A secret value that cannot leak by accident: string conversion, JSON and
 * `util.inspect` all give `***`. Only `reveal()` gives the value, and only the
 * code that puts it on the wire calls it.
 */
export class Secret {
  readonly #value: string
  constructor(value: string) {
    this.#value = value
  }
  reveal(): string {
    return this.#value
  }
  toString(): string {
    return MASK
  }
  toJSON(): string {
    return MASK
  }
  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return MASK
  }
}

export interface SecretSources {
  env: Readonly<Record<string, string | undefined>>
  /** Reads a file's text; injected so tests and `config check` control I/O. */
  readFile: (path: string) => string
}

/**
 * Resolves a reference. Failures name the key and the reference (a path or a
 * variable name), never the value.
 */
export function resolveSecret(key: string, ref: SecretRef, sources: SecretSources): Secret | { problem: string } {
  if ('env' in ref) {
    const value = sources.env[ref.env]
    if (value === undefined || value === '') return { problem: `${key}: environment variable ${ref.env} is not set` }
    return new Secret(value)
  }
  let text: string
  try {
    text = sources.readFile(ref.file)
  } catch (err) {
    return { problem: `${key}: cannot read secret file ${ref.file} (${(err as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  const value = text.replace(/\r?\n$/, '')
  if (value === '') return { problem: `${key}: secret file ${ref.file} is empty` }
  return new Secret(value)
}

/**
 * Masks a URL that is a credential: scheme and host stay, the rest becomes
 * `***` (`https://hooks.slack.com/services/T…/***` style, minus the team id).
 */
export function maskUrl(url: string): string {
  try {
    const u = new URL(url)
    return `${u.protocol}//${u.host}/***`
  } catch {
    return MASK
  }
}
