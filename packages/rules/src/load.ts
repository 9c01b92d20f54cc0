import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import { AppError } from '@vigil/core'
import { compileRules, type CompileOptions, type Ruleset } from './compile.js'
import type { RuleSource } from './schema.js'

/**
 * Directories under a rules path that are not loaded by default: control
 * catalogs, and opt-in profiles (name a profile file explicitly to use it).
 */
const SKIP_DIRS = new Set(['controls', 'profiles', 'node_modules'])

/**
 * Reads rule files: each path is a file or a directory searched recursively
 * for `*.yaml`/`*.yml`, in sorted order, so later files override earlier ones
 * predictably. This is the rule engine's only I/O.
 */
export function loadRuleSources(paths: readonly string[], cwd: string = process.cwd()): RuleSource[] {
  const sources: RuleSource[] = []
  const problems: string[] = []
  for (const path of paths) {
    let files: string[]
    try {
      files = statSync(path).isDirectory() ? walk(path) : [path]
    } catch (err) {
      problems.push(`${path}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or directory' : (err as Error).message}`)
      continue
    }
    for (const file of files) {
      try {
        const shown = relative(cwd, file)
        sources.push({ file: shown.startsWith('..') ? file : shown, text: readFileSync(file, 'utf8') })
      } catch (err) {
        problems.push(`${file}: ${(err as Error).message}`)
      }
    }
  }
  if (problems.length > 0) throw new AppError('invalid_rule', `cannot read rules:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  return sources
}

function walk(dir: string): string[] {
  const out: string[] = []
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    const full = join(dir, entry.name)
    if (entry.isDirectory()) {
      if (!SKIP_DIRS.has(entry.name)) out.push(...walk(full))
    } else if (/\.ya?ml$/.test(entry.name)) {
      out.push(full)
    }
  }
  return out
}

/** The control catalogs: `<rules dir>/controls/*.yaml`. */
export function loadControlSources(rulesDir: string, cwd: string = process.cwd()): RuleSource[] {
  const dir = join(rulesDir, 'controls')
  let names: string[]
  try {
    names = readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()
  } catch (err) {
    throw new AppError('invalid_rule', `cannot read control catalogs in ${dir}: ${(err as Error).message}`)
  }
  return names.map((n) => {
    const file = join(dir, n)
    const shown = relative(cwd, file)
    return { file: shown.startsWith('..') ? file : shown, text: readFileSync(file, 'utf8') }
  })
}

/** Reads and compiles the rules under `paths` (relative to `cwd`): what the analyzer and every rules command load. */
export function loadRuleset(paths: readonly string[], cwd: string, options: CompileOptions = {}): Ruleset {
  return compileRules(loadRuleSources(paths.map((p) => resolve(cwd, p)), cwd), options)
}
