import { parseArgs, type ParseArgsConfig } from 'node:util'
import type { ServiceIo } from '@vigil/platform'

export interface Command {
  /** Words after `vigil`, e.g. ['rules', 'test']. */
  path: string[]
  summary: string
  usage: string
  /** Text after the usage line: options, arguments, examples. */
  help: string
  run(args: string[], io: ServiceIo): Promise<number>
}

export class UsageError extends Error {}

/** Strict option parsing: an unknown option or a missing value is a usage error, exit 2. */
export function parseOptions<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args, options: { ...options, help: { type: 'boolean', short: 'h' } }, allowPositionals, strict: true })
  } catch (err) {
    throw new UsageError((err as Error).message)
  }
}

export { write } from '@vigil/platform'

export function commandHelp(c: Command): string {
  return `vigil ${c.path.join(' ')}: ${c.summary}\n\nUsage: ${c.usage}\n\n${c.help.trim()}\n`
}
