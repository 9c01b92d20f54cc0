import type { Environment } from '@marcbachmann/cel-js'
import { createBaseEnvironment, type CelProgram } from '../cel.js'
import { referencedPaths } from '../evidence.js'
import { eventFieldProblem } from './event-fields.js'

export interface CompiledCel {
  program: CelProgram
  refs: ReturnType<typeof referencedPaths>
}

export interface CelCompiler {
  env: Environment
  /** Type-checks a condition and checks the lists and event fields it names; undefined (with problems pushed) when it is wrong. */
  compile(text: string, where: string, wantBool: boolean): CompiledCel | undefined
  /** Parses an expression already checked as part of a larger one (a clause of a condition). */
  parse(text: string): CelProgram
}

function celPosition(expr: string, pos: number | undefined): string {
  if (pos === undefined) return ''
  const before = expr.slice(0, pos).split('\n')
  return ` at ${before.length}:${(before[before.length - 1]?.length ?? 0) + 1}`
}

/**
 * Step 4: the CEL environment of one ruleset: the event variables, vigil's
 * functions, and every macro name as a `dyn` variable (so each macro and rule
 * is type-checked alone).
 */
export function createCelCompiler(macroNames: Iterable<string>, lists: Readonly<Record<string, readonly string[]>>, problems: string[]): CelCompiler {
  let env = createBaseEnvironment()
  for (const name of macroNames) env = env.registerVariable(name, 'dyn')
  const compile = (text: string, where: string, wantBool: boolean): CompiledCel | undefined => {
    try {
      const check = env.check(text) as { valid: boolean; type?: string; error?: { message: string; node?: { pos?: number } } }
      if (!check.valid) {
        problems.push(`${where}: CEL error${celPosition(text, check.error?.node?.pos)}: ${check.error?.message.split('\n')[0] ?? 'invalid'}`)
        return undefined
      }
      if (wantBool && check.type !== 'bool' && check.type !== 'dyn') {
        problems.push(`${where}: CEL error: the expression is a ${check.type}, not a bool`)
        return undefined
      }
      const program = env.parse(text) as unknown as CelProgram
      const refs = referencedPaths(program.ast)
      for (const name of refs.lists) if (!(name in lists)) problems.push(`${where}: unknown list "${name}"`)
      for (const path of refs.paths) {
        const problem = eventFieldProblem(path)
        if (problem !== undefined) problems.push(`${where}: ${problem}`)
      }
      return { program, refs }
    } catch (err) {
      const e = err as Error & { node?: { pos?: number } }
      problems.push(`${where}: CEL error${celPosition(text, e.node?.pos)}: ${e.message.split('\n')[0]}`)
      return undefined
    }
  }
  return { env, compile, parse: (text) => env.parse(text) as unknown as CelProgram }
}
