import type { MacroProgram } from '../activation.js'
import type { MacroDef } from '../schema.js'
import type { CelCompiler } from './cel-compiler.js'

export interface CompiledMacros {
  programs: Map<string, MacroProgram>
  /** The event fields an expression reads, through the macros it uses too. */
  pathsOf(identifiers: ReadonlySet<string>, paths: ReadonlySet<string>): Set<string>
  /** The identifiers an expression reads, with those of the macros it uses, recursively (macro names included). */
  rootsOf(identifiers: ReadonlySet<string>): Set<string>
  has(name: string): boolean
}

/**
 * Step 5: compiles every macro and refuses cycles (they would recurse
 * forever at evaluation time). Only the first cycle found is reported.
 */
export function compileMacros(defs: ReadonlyMap<string, { def: MacroDef; at: string }>, cel: CelCompiler, problems: string[]): CompiledMacros {
  const programs = new Map<string, MacroProgram>()
  const refsOf = new Map<string, Set<string>>()
  const pathsIn = new Map<string, ReadonlySet<string>>()
  const rootsIn = new Map<string, ReadonlySet<string>>()
  for (const [name, { def, at }] of defs) {
    const compiled = cel.compile(def.condition, `${at}: macro ${name}`, false)
    if (compiled === undefined) continue
    programs.set(name, compiled.program)
    refsOf.set(name, new Set([...compiled.refs.identifiers].filter((id) => defs.has(id))))
    pathsIn.set(name, compiled.refs.paths)
    rootsIn.set(name, compiled.refs.identifiers)
  }
  const cycle = findCycle([...defs.keys()], (name) => refsOf.get(name) ?? [])
  if (cycle !== undefined) problems.push(`${defs.get(cycle[0] as string)?.at}: macro ${cycle[0]}: cycle ${cycle.join(' -> ')}`)
  const pathsOf = (identifiers: ReadonlySet<string>, paths: ReadonlySet<string>, seen = new Set<string>()): Set<string> => {
    const out = new Set(paths)
    for (const id of identifiers) {
      if (!defs.has(id) || seen.has(id)) continue
      seen.add(id)
      for (const p of pathsOf(refsOf.get(id) ?? new Set(), pathsIn.get(id) ?? new Set(), seen)) out.add(p)
    }
    return out
  }
  const rootsOf = (identifiers: ReadonlySet<string>): Set<string> => {
    const out = new Set<string>()
    const pending = [...identifiers]
    while (pending.length > 0) {
      const id = pending.pop() as string
      if (out.has(id)) continue
      out.add(id)
      if (defs.has(id)) pending.push(...(rootsIn.get(id) ?? []))
    }
    return out
  }
  return { programs, pathsOf: (identifiers, paths) => pathsOf(identifiers, paths), rootsOf, has: (name) => defs.has(name) }
}

/** The first cycle reachable from `names` in the order given, as the path that closes it (`a -> b -> a`); undefined if none. */
export function findCycle(names: readonly string[], edges: (name: string) => Iterable<string>): string[] | undefined {
  const state = new Map<string, 'visiting' | 'done'>()
  const visit = (name: string, stack: string[]): string[] | undefined => {
    if (state.get(name) === 'done') return undefined
    if (state.get(name) === 'visiting') return [...stack, name]
    state.set(name, 'visiting')
    for (const next of edges(name)) {
      const found = visit(next, [...stack, name])
      if (found !== undefined) return found
    }
    state.set(name, 'done')
    return undefined
  }
  for (const name of names) {
    const found = visit(name, [])
    if (found !== undefined) return found
  }
  return undefined
}
