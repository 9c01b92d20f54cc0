import { describe, expect, it } from 'vitest'
import { createCelCompiler } from './cel-compiler.js'
import { compileMacros } from './macros.js'
import { parseRuleFiles } from './parse-files.js'
import { compileRule, compileThreshold, durationMs } from './rule.js'

function compileOne(text: string, lists: Record<string, readonly string[]> = {}) {
  const problems: string[] = []
  const defs = parseRuleFiles([{ file: 'r.yaml', text }], problems)
  const cel = createCelCompiler([], lists, problems)
  const macros = compileMacros(new Map(), cel, problems)
  const [id, def] = [...defs.rules][0] as [string, NonNullable<ReturnType<typeof defs.rules.get>>]
  return { rule: compileRule(id, def, { lists, cel, macros, problems }), problems }
}

describe('compileRule', () => {
  it('compiles match, condition, clauses and evidence paths', () => {
    const { rule, problems } = compileOne('rules:\n  - { id: p.a, title: T, description: D, severity: low, output: "{user.username}", condition: "verb == \\"get\\" && objectRef.name != \\"\\"", match: { verbs: [get] } }\n')
    expect(problems).toEqual([])
    expect(rule?.clauses.map((c) => c.text)).toEqual(['verb == "get"', 'objectRef.name != ""'])
    expect(rule?.evidencePaths).toEqual(['objectRef.name', 'verb'])
    expect(rule?.inert).toBe(false)
    expect(rule?.source).toBe('r.yaml:2:5')
  })

  it('folds a condition over lists only: inert while the list is empty', () => {
    const text = 'rules:\n  - { id: p.a, title: T, description: D, severity: low, output: o, condition: "size(lists.l) > 0" }\n'
    expect(compileOne(text, { l: [] }).rule?.inert).toBe(true)
    expect(compileOne(text, { l: ['x'] }).rule?.inert).toBe(false)
  })

  it('folds each top-level clause over lists only: one that is false makes the rule inert', () => {
    const text = 'rules:\n  - { id: p.a, title: T, description: D, severity: low, output: o, condition: "size(lists.l) > 0 && sourceIPs.exists(ip, ip_in(ip, lists.l))" }\n'
    expect(compileOne(text, { l: [] }).rule?.inert).toBe(true)
    expect(compileOne(text, { l: ['10.0.0.0/8'] }).rule?.inert).toBe(false)
  })

  it('reports output, evidence, test-list and match-list problems, and returns nothing for a bad condition', () => {
    const { rule, problems } = compileOne(
      'rules:\n  - id: p.a\n    title: T\n    description: D\n    severity: low\n    output: "{verb.x}"\n    evidence: [objectRef.nam]\n    match: { users: { include: [$nope] } }\n    condition: "verb ="\n    tests: [{ name: t, fires: true, event: {}, lists: { zz: [] } }]\n',
    )
    expect(rule).toBeUndefined()
    expect(problems).toHaveLength(5)
    expect(problems[0]).toBe('r.yaml:8:21: rule p.a: match.users: unknown list "$nope"')
    expect(problems[1]).toMatch(/^r\.yaml:9:16: rule p\.a: condition: CEL error/)
    expect(problems.slice(2)).toEqual([
      'r.yaml:6:13: rule p.a: output: unknown field {verb.x} (verb is a string)',
      'r.yaml:7:16: rule p.a: evidence.0: unknown field objectRef.nam (objectRef has resource, namespace, name, uid, apiGroup, apiVersion, resourceVersion, subresource)',
      'r.yaml:10:12: rule p.a: tests: a test sets list "zz", which is not defined',
    ])
  })
})

describe('compileThreshold', () => {
  const where = (f: (string | number)[]) => f.join('.')
  it('converts the window and checks the keys', () => {
    const problems: string[] = []
    const t = compileThreshold({ count: 3, window: '5m', by: ['objectRef.namespace', 'my_macro'], distinct: 'objectRef.nam' }, { has: (n) => n === 'my_macro' }, where, problems)
    expect(t).toEqual({ count: 3, window: '5m', windowMs: 300_000, by: ['objectRef.namespace', 'my_macro'], distinct: 'objectRef.nam' })
    expect(problems).toEqual([
      "threshold.by: must start with user.username, the event log's partition key (ADR 0003)",
      'threshold.distinct: unknown field objectRef.nam (objectRef has resource, namespace, name, uid, apiGroup, apiVersion, resourceVersion, subresource)',
    ])
  })

  it('durationMs reads s, m, h and d', () => {
    expect([durationMs('30s'), durationMs('2m'), durationMs('1h'), durationMs('1d')]).toEqual([30_000, 120_000, 3_600_000, 86_400_000])
  })
})
