import { Environment } from '@marcbachmann/cel-js'
import { celEnv, parse as bufParse, plan as bufPlan } from '@bufbuild/cel'
import * as celJs from 'cel-js'
import { median, perSecond, type Result } from '../stats.js'

/**
 * The CEL implementations on npm, measured on vigil's kind of expression
 * over an audit event (ADR 0005): parse once, evaluate many times, one core.
 */
const EVENT = {
  verb: 'create',
  user: { username: 'alice@example.com', groups: ['system:authenticated'] },
  objectRef: { resource: 'pods', namespace: 'ml-train', name: 'trainer' },
  responseStatus: { code: 201 },
  requestObject: { spec: { containers: [{ name: 'a', image: 'nginx:1.27', securityContext: { privileged: false } }, { name: 'b', image: 'busybox', securityContext: { privileged: true } }] } },
}

const EXPRESSIONS: Record<string, string> = {
  simple: 'event.verb == "create" && event.objectRef.resource == "pods"',
  comprehension: 'event.requestObject.spec.containers.exists(c, has(c.securityContext) && c.securityContext.privileged == true)',
  strings: '!event.user.username.startsWith("system:") && event.objectRef.namespace in ["ml-train", "ml-serving"]',
}

type Runner = (expr: string) => (ctx: { event: typeof EVENT }) => unknown

const CANDIDATES: Record<string, Runner> = {
  '@marcbachmann/cel-js': (expr) => {
    const p = new Environment({ unlistedVariablesAreDyn: true }).parse(expr)
    return (ctx) => p(ctx)
  },
  '@bufbuild/cel': (expr) => {
    const p = bufPlan(celEnv(), bufParse(expr))
    return (ctx) => p(ctx)
  },
  'cel-js': (expr) => {
    const parsed = celJs.parse(expr)
    if (!parsed.isSuccess) throw new Error(`cel-js cannot parse ${expr}`)
    return (ctx) => celJs.evaluate(parsed.cst, ctx)
  },
}

export function benchCelCandidates(options: { iterations: number; runs: number }): Result[] {
  const results: Result[] = []
  for (const [lib, compile] of Object.entries(CANDIDATES)) {
    for (const [name, expr] of Object.entries(EXPRESSIONS)) {
      let fn: (ctx: { event: typeof EVENT }) => unknown
      try {
        fn = compile(expr)
        const v = fn({ event: EVENT })
        if (v !== true) throw new Error(`returned ${String(v)}`)
      } catch (err) {
        results.push({ name: `cel_${name}_${lib}`, value: 0, unit: 'evals/s', notes: `unsupported: ${(err as Error).message.split('\n')[0]}` })
        continue
      }
      const runs: number[] = []
      for (let r = 0; r < options.runs; r++) {
        const t0 = performance.now()
        for (let i = 0; i < options.iterations; i++) fn({ event: EVENT })
        runs.push(perSecond(options.iterations, performance.now() - t0))
      }
      results.push({ name: `cel_${name}_${lib}`, value: median(runs), unit: 'evals/s', runs, notes: expr })
    }
  }
  return results
}
