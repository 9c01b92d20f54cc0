import { describe, expect, it } from 'vitest'
import { AppError, type AuditEvent } from '@vigil/core'
import { compileRules, splitClauses, type CompileOptions } from './compile.js'
import { evaluateEvent } from './evaluate.js'
import type { RuleSource } from './schema.js'

/** The problems of a compilation that must fail, one per line, after checking it is one invalid_rule AppError. */
function problems(sources: RuleSource[], options: CompileOptions = {}): string[] {
  let caught: unknown
  try {
    compileRules(sources, options)
  } catch (err) {
    caught = err
  }
  expect(caught).toBeInstanceOf(AppError)
  const err = caught as AppError
  expect(err.code).toBe('invalid_rule')
  expect(err.retriable).toBe(false)
  const [head, ...lines] = err.message.split('\n')
  expect(head).toBe(`${lines.length} problem(s) in the rules:`)
  for (const l of lines) expect(l.startsWith('  - ')).toBe(true)
  return lines.map((l) => l.slice(4))
}

/** A rule file whose one rule starts on line 2; `extra` lines start on line 7. */
function oneRule(extra = '', id = 'p.r'): string {
  return `rules:
  - id: ${id}
    title: T
    description: D
    severity: high
    output: o
${extra}`
}

function event(over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    auditID: 'a-1',
    stage: 'ResponseComplete',
    level: 'Metadata',
    requestURI: '/api/v1/namespaces/default/pods/p',
    verb: 'get',
    user: { username: 'alice', groups: ['dev'] },
    objectRef: { resource: 'pods', namespace: 'default', name: 'p', apiVersion: 'v1' },
    responseStatus: { code: 200 },
    requestReceivedTimestamp: '2026-03-01T10:00:00.000000Z',
    stageTimestamp: '2026-03-01T10:00:00.100000Z',
    ...over,
  }
}

const firing = (sources: RuleSource[], e: AuditEvent = event(), options: CompileOptions = {}): string[] =>
  evaluateEvent(compileRules(sources, options), e, 'c1').hits.map((h) => h.rule.id)

describe('compileRules: YAML and schema errors', () => {
  it('reports a YAML syntax error with file:line:col', () => {
    expect(problems([{ file: 'a.yaml', text: 'rules:\n\t- id: a\n' }])).toEqual(['a.yaml:2:1: YAML: Tabs are not allowed as indentation'])
    expect(problems([{ file: 'dup.yaml', text: 'lists:\n  - name: x\n    items: []\n    name: y\n' }])).toEqual(['dup.yaml:4:5: YAML: Map keys must be unique'])
  })

  it('reports a bad severity at the position of its value', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule().replace('severity: high', 'severity: urgent') }])).toEqual([
      'a.yaml:5:15: rule p.r: severity: Invalid option: expected one of "info"|"low"|"medium"|"high"|"critical"',
    ])
  })

  it('reports unknown keys at the position of the (first) unknown key', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule('    colour: red\n    shade: dark\n') }])).toEqual(['a.yaml:7:5: rule p.r: unknown key(s) "colour", "shade"'])
    expect(problems([{ file: 'a.yaml', text: oneRule('    match:\n      verbs: [get]\n      verbz: [get]\n') }])).toEqual(['a.yaml:9:7: rule p.r: match: unknown key(s) "verbz"'])
    expect(problems([{ file: 'a.yaml', text: 'lists: []\nrulez: []\n' }])).toEqual(['a.yaml:2:1: file: unknown key(s) "rulez"'])
  })

  it('reports an id that is not in pack.name form, naming the rule by that id', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule('', 'NoDot') }])).toEqual(['a.yaml:2:9: rule NoDot: id: expected pack.name, lower-case, e.g. rbac.cluster-admin-binding'])
  })

  it('reports a missing required field at the rule, and a rule without an id by its index', () => {
    expect(problems([{ file: 'a.yaml', text: 'rules:\n  - id: p.r\n    description: D\n    severity: high\n    output: o\n' }])).toEqual([
      'a.yaml:2:5: rule p.r: title: Invalid input: expected string, received undefined',
    ])
    expect(problems([{ file: 'a.yaml', text: `${oneRule()}  - title: T\n    description: D\n    severity: low\n    output: o\n` }])).toEqual([
      'a.yaml:7:5: rule #2: id: Invalid input: expected string, received undefined',
    ])
  })

  it('checks match, threshold, tests and evidence shapes', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule('    match: { response_codes: [abc] }\n') }])).toEqual([
      'a.yaml:7:31: rule p.r: match.response_codes.0: expected 403, "4xx" or "400-499"',
    ])
    expect(problems([{ file: 'a.yaml', text: oneRule('    threshold: { count: 0, window: 5 minutes, by: [user.username] }\n') }])).toEqual([
      'a.yaml:7:25: rule p.r: threshold.count: Too small: expected number to be >=1',
      'a.yaml:7:36: rule p.r: threshold.window: expected a duration such as 30s, 5m, 1h or 1d',
    ])
    expect(problems([{ file: 'a.yaml', text: oneRule('    tests:\n      - { name: t, fires: true }\n') }])).toEqual([
      'a.yaml:8:9: rule p.r: tests.0: give exactly one of event and events',
    ])
    expect(problems([{ file: 'a.yaml', text: oneRule('    evidence: [objectRef.name, "bad path!"]\n') }])).toEqual([
      'a.yaml:7:32: rule p.r: evidence.1: a field path such as objectRef.name, annotations["a/b"] or requestObject.data[keys]',
    ])
  })

  it('reports an override with a key it may not change', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule() }, { file: 'b.yaml', text: 'rules:\n  - id: p.r\n    override: true\n    title: x\n' }])).toEqual([
      'b.yaml:4:5: rule p.r: unknown key(s) "title"',
    ])
  })
})

describe('compileRules: CEL errors', () => {
  it('reports a CEL syntax error with the position inside the expression', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule('    condition: verb == \n') }])).toEqual(['a.yaml:7:16: rule p.r: condition: CEL error at 1:8: Unexpected token: EOF'])
    expect(problems([{ file: 'a.yaml', text: oneRule('    condition: |\n      verb == "get" &&\n        objectRef.name +\n') }])).toEqual([
      'a.yaml:7:16: rule p.r: condition: CEL error at 3:1: Unexpected token: EOF',
    ])
  })

  it('reports a CEL type error with its position', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule('    condition: verb + 1 == 2\n') }])).toEqual(['a.yaml:7:16: rule p.r: condition: CEL error at 1:1: no such overload: string + int'])
    expect(problems([{ file: 'a.yaml', text: oneRule(`    condition: 'verb == "get" && verb + 1 == 2'\n`) }])).toEqual([
      'a.yaml:7:16: rule p.r: condition: CEL error at 1:18: no such overload: string + int',
    ])
  })

  it('refuses a condition that is not a bool, in a rule and in an exception', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule('    condition: verb\n') }])).toEqual(['a.yaml:7:16: rule p.r: condition: CEL error: the expression is a string, not a bool'])
    expect(problems([{ file: 'a.yaml', text: oneRule('    exceptions:\n      - { name: e, reason: r, approver: a, condition: responseStatus.code + 1 }\n') }])).toEqual([
      'a.yaml:8:55: rule p.r: exceptions.0.condition: CEL error: the expression is a int, not a bool',
    ])
  })

  it('refuses an unknown lists.x in a condition and in a macro', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule('    condition: verb in lists.nope\n') }])).toEqual(['a.yaml:7:16: rule p.r: condition: unknown list "nope"'])
    expect(problems([{ file: 'a.yaml', text: 'macros:\n  - name: m\n    condition: user.username in lists.admins\n' }])).toEqual(['a.yaml:2:5: macro m: unknown list "admins"'])
  })

  it('refuses macro cycles, including a macro that uses itself', () => {
    const text = 'macros:\n  - name: a\n    condition: b\n  - name: b\n    condition: c || verb == "x"\n  - name: c\n    condition: a\n'
    expect(problems([{ file: 'a.yaml', text }])).toEqual(['a.yaml:2:5: macro a: cycle a -> b -> c -> a'])
    expect(problems([{ file: 'a.yaml', text: 'macros:\n  - name: self\n    condition: self && true\n' }])).toEqual(['a.yaml:2:5: macro self: cycle self -> self'])
  })

  it('refuses a macro named like a built-in variable, but not one named like an Object method', () => {
    expect(problems([{ file: 'a.yaml', text: 'macros:\n  - name: verb\n    condition: "true"\n' }])).toEqual(['a.yaml:2:11: macro verb: the name is a built-in variable'])
    const rs = compileRules([{ file: 'a.yaml', text: `macros:\n  - name: constructor\n    condition: verb == "get"\n${oneRule('    condition: constructor\n')}` }])
    expect(evaluateEvent(rs, event(), 'c1').hits.map((h) => h.rule.id)).toEqual(['p.r'])
    expect(evaluateEvent(rs, event({ verb: 'list' }), 'c1').hits).toEqual([])
  })

  it('compiles a condition with && under a top-level ternary or ||', () => {
    const rs = compileRules([
      { file: 'a.yaml', text: oneRule(`    condition: 'verb == "get" ? objectRef.name == "p" && true : false'\n`) },
      { file: 'b.yaml', text: oneRule(`    condition: 'verb == "get" || verb == "list" && false'\n`, 'p.s') },
    ])
    expect(rs.rules.map((r) => r.clauses.map((c) => c.text))).toEqual([['verb == "get" ? objectRef.name == "p" && true : false'], ['verb == "get" || verb == "list" && false']])
    expect(firing([...rs.sources])).toEqual(['p.r', 'p.s'])
  })
})

describe('compileRules: references', () => {
  it('names the right field for an unknown $list in match', () => {
    const text = oneRule('    match:\n      verbs: [$v]\n      namespaces: { include: [$ns] }\n      users: { exclude: [$u] }\n      groups: { include: [$g] }\n')
    expect(problems([{ file: 'a.yaml', text }])).toEqual([
      'a.yaml:8:14: rule p.r: match.verbs: unknown list "$v"',
      'a.yaml:9:19: rule p.r: match.namespaces: unknown list "$ns"',
      'a.yaml:10:14: rule p.r: match.users: unknown list "$u"',
      'a.yaml:11:15: rule p.r: match.groups: unknown list "$g"',
    ])
    expect(problems([{ file: 'a.yaml', text: oneRule('    exceptions:\n      - { name: e, reason: r, approver: a, match: { users: { include: [$nope] } } }\n') }])).toEqual([
      'a.yaml:8:60: rule p.r: exceptions.0.match.users: unknown list "$nope"',
    ])
  })

  it('refuses unknown output fields (Object.prototype names included) and evidence outside the event', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule().replace('output: o', 'output: "{foo.bar} by {user.username} {constructor} {toString}"') }])).toEqual([
      'a.yaml:6:13: rule p.r: output: unknown field {foo.bar}',
      'a.yaml:6:13: rule p.r: output: unknown field {constructor}',
      'a.yaml:6:13: rule p.r: output: unknown field {toString}',
    ])
    expect(problems([{ file: 'a.yaml', text: `lists:\n  - { name: x, items: [] }\n${oneRule('    evidence: [foo.bar, lists.x, objectRef.name]\n')}` }])).toEqual([
      'a.yaml:9:16: rule p.r: evidence.0: unknown field foo.bar',
      'a.yaml:9:25: rule p.r: evidence.1: lists.x is a list, not an event field',
    ])
  })

  it('refuses typos under the typed parts of the event, wherever a rule names a field', () => {
    const rule = oneRule(
      '    condition: impersonatedUser.name == "x" && user.extra["k"][0] == "v"\n' +
        '    evidence: [user.usernme, annotations.team, requestObject.spec.anything]\n' +
        '    threshold: { count: 2, window: 5m, by: [user.username, objectRef.namespce], distinct: responseStatus.cdoe }\n',
    ).replace('    output: o\n', '    output: "{objectRef.nmae} {verb.x}"\n')
    expect(problems([{ file: 'a.yaml', text: rule }])).toEqual([
      expect.stringMatching(/condition: unknown field impersonatedUser\.name \(impersonatedUser has username, uid, groups, extra\)$/),
      expect.stringMatching(/output: unknown field \{objectRef\.nmae\} \(objectRef has resource, namespace, name, uid, apiGroup, apiVersion, resourceVersion, subresource\)$/),
      expect.stringMatching(/output: unknown field \{verb\.x\} \(verb is a string\)$/),
      expect.stringMatching(/evidence\.0: unknown field user\.usernme \(user has username, uid, groups, extra\)$/),
      expect.stringMatching(/threshold\.by\.1: unknown field objectRef\.namespce /),
      expect.stringMatching(/threshold\.distinct: unknown field responseStatus\.cdoe \(responseStatus has metadata, status, message, reason, details, code\)$/),
    ])
  })

  it('requires threshold.by to start with user.username', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule('    threshold: { count: 2, window: 5m, by: [objectRef.name, user.username] }\n') }])).toEqual([
      "a.yaml:7:44: rule p.r: threshold.by: must start with user.username, the event log's partition key (ADR 0003)",
    ])
  })

  it('refuses a test that sets an unknown list', () => {
    const text = oneRule('    tests:\n      - { name: t, fires: true, event: {}, lists: { nope: [a] } }\n')
    expect(problems([{ file: 'a.yaml', text }])).toEqual(['a.yaml:8:7: rule p.r: tests: a test sets list "nope", which is not defined'])
    expect(compileRules([{ file: 'l.yaml', text: 'lists:\n  - { name: nope, items: [] }\n' }, { file: 'a.yaml', text }]).rules).toHaveLength(1)
  })

  it('refuses duplicate ids across files, pointing at the first definition', () => {
    expect(problems([{ file: 'a.yaml', text: oneRule() }, { file: 'b.yaml', text: oneRule() }])).toEqual([
      'b.yaml:2:9: rule p.r: duplicate id, first defined at a.yaml:2:5 (use override: true to change it)',
    ])
  })

  it('refuses an override of an unknown rule and an append to an unknown list', () => {
    expect(problems([{ file: 'a.yaml', text: 'rules:\n  - { id: p.q, override: true, enabled: false }\n' }])).toEqual(['a.yaml:2:5: rule p.q: override of a rule that is not defined'])
    expect(problems([{ file: 'a.yaml', text: 'lists:\n  - { name: l, items: [a], append: true }\n' }])).toEqual(['a.yaml:2:5: list l: append to a list that is not defined in an earlier file'])
  })

  it('reports an invalid config list', () => {
    expect(problems([], { lists: [{ name: 'Bad-Name', items: [] }] })).toEqual(['config lists.Bad-Name: expected snake_case'])
  })

  it('lists every problem of every file in one AppError', () => {
    const list = problems([
      { file: 'a.yaml', text: 'rules:\n  - id: [x\n' },
      { file: 'b.yaml', text: oneRule('    condition: verb +\n') + '  - id: p.s\n    title: T\n    description: D\n    severity: nope\n    output: o\n' },
      { file: 'c.yaml', text: oneRule('    match: { namespaces: { include: [$missing] } }\n', 'p.t') + '  - { id: q.x, override: true, enabled: false }\n' },
    ])
    expect(list).toEqual([
      'a.yaml:3:1: YAML: Flow sequence in block collection must be sufficiently indented and end with a ]',
      'b.yaml:11:15: rule p.s: severity: Invalid option: expected one of "info"|"low"|"medium"|"high"|"critical"',
      'c.yaml:8:5: rule q.x: override of a rule that is not defined',
      'b.yaml:7:16: rule p.r: condition: CEL error at 1:7: Unexpected token: EOF',
      'c.yaml:7:26: rule p.t: match.namespaces: unknown list "$missing"',
    ])
  })
})

describe('compileRules: later definitions win', () => {
  const rule = (condition: string, id = 'p.r') => oneRule(`    condition: '${condition}'\n`, id)

  it('a later list replaces an earlier one; append: true extends it; config lists come last', () => {
    const a = { file: 'a.yaml', text: 'lists:\n  - { name: x, items: [a] }\n  - { name: y, items: [a] }\n  - { name: z, items: [a] }\n' }
    const b = { file: 'b.yaml', text: 'lists:\n  - { name: x, items: [b] }\n  - { name: y, items: [b], append: true }\n' }
    const rs = compileRules([a, b], { lists: [{ name: 'z', items: ['c'] }, { name: 'y', items: ['c'], append: true }] })
    expect(rs.lists).toEqual({ x: ['b'], y: ['a', 'b', 'c'], z: ['c'] })
    expect(Object.isFrozen(rs.lists['x'])).toBe(true)
  })

  it('a config list must name a list some rule file defines, and a near miss is suggested', () => {
    const a = { file: 'a.yaml', text: 'lists:\n  - { name: allowed_users, items: [] }\n' }
    expect(problems([a], { lists: [{ name: 'allowed_user', items: ['bob'] }, { name: 'brand_new', items: ['n'], append: true }] })).toEqual([
      'config lists.allowed_user: no rule file defines this list; did you mean allowed_users?',
      'config lists.brand_new: no rule file defines this list',
    ])
  })

  it('list changes reach $list patterns and lists.x in conditions', () => {
    const a = { file: 'a.yaml', text: `lists:\n  - { name: ns, items: [default] }\n${oneRule('    match: { namespaces: { include: [$ns] } }\n    condition: user.username in lists.ns || true\n')}` }
    expect(firing([a], event())).toEqual(['p.r'])
    expect(firing([a], event(), { lists: [{ name: 'ns', items: ['prod'] }] })).toEqual([])
    expect(firing([a], event({ objectRef: { resource: 'pods', namespace: 'prod' } }), { lists: [{ name: 'ns', items: ['prod'] }] })).toEqual(['p.r'])
    expect(firing([a], event({ objectRef: { resource: 'pods', namespace: 'prod' } }), { lists: [{ name: 'ns', items: ['prod'], append: true }] })).toEqual(['p.r'])
    expect(firing([a], event(), { lists: [{ name: 'ns', items: ['prod'], append: true }] })).toEqual(['p.r'])
  })

  it('a later macro replaces an earlier one', () => {
    const a = { file: 'a.yaml', text: `macros:\n  - { name: m, condition: 'verb == "get"' }\n${rule('m')}` }
    const b = { file: 'b.yaml', text: `macros:\n  - { name: m, condition: 'verb == "list"' }\n` }
    const rs = compileRules([a, b])
    expect(rs.macros.get('m')).toBe('verb == "list"')
    expect(evaluateEvent(rs, event({ verb: 'get' }), 'c1').hits).toEqual([])
    expect(evaluateEvent(rs, event({ verb: 'list' }), 'c1').hits.map((h) => h.rule.id)).toEqual(['p.r'])
  })

  it('override: true disables a rule, changes its severity and appends exceptions', () => {
    const a = {
      file: 'a.yaml',
      text: `${rule('true')}    exceptions:\n      - { name: first, reason: r, approver: a, match: { users: { include: [bob] } } }\n${rule('true', 'p.s').slice('rules:\n'.length)}`,
    }
    const b = {
      file: 'b.yaml',
      text: `rules:
  - id: p.r
    override: true
    severity: low
    exceptions:
      - { name: second, reason: carol is fine, approver: sec@example.com, match: { users: { include: [carol] } } }
  - { id: p.s, override: true, enabled: false }
`,
    }
    const rs = compileRules([a, b])
    const [r, s] = rs.rules
    expect(r?.severity).toBe('low')
    expect(r?.exceptions.map((e) => e.name)).toEqual(['first', 'second'])
    expect(s?.enabled).toBe(false)
    expect(s?.severity).toBe('high')
    expect(evaluateEvent(rs, event(), 'c1').hits.map((h) => h.rule.id)).toEqual(['p.r'])
    expect(evaluateEvent(rs, event({ user: { username: 'carol' } }), 'c1').hits).toEqual([])
    expect(evaluateEvent(rs, event({ user: { username: 'bob' } }), 'c1').hits).toEqual([])
  })

  it('a problem in an exception an override added points at the override, not at the rule', () => {
    const a = { file: 'a.yaml', text: `${rule('true')}    exceptions:\n      - { name: own, reason: r, approver: a, condition: verb + 1 }\n` }
    const b = {
      file: 'b.yaml',
      text: 'rules:\n  - id: p.r\n    override: true\n    exceptions:\n      - { name: added, reason: r, approver: a, match: { users: { include: [$nope] } } }\n      - { name: added2, reason: r, approver: a, condition: objectRef.nmae == "x" }\n',
    }
    expect(problems([a, b])).toEqual([
      expect.stringMatching(/^a\.yaml:9:\d+: rule p\.r: exceptions\.0\.condition: CEL error/),
      'b.yaml:5:64: rule p.r: exceptions.0.match.users: unknown list "$nope"',
      expect.stringMatching(/^b\.yaml:6:\d+: rule p\.r: exceptions\.1\.condition: unknown field objectRef\.nmae /),
    ])
  })

  it('an override can re-enable a disabled rule', () => {
    const a = { file: 'a.yaml', text: oneRule('    enabled: false\n') }
    expect(compileRules([a]).rules[0]?.enabled).toBe(false)
    expect(compileRules([a, { file: 'b.yaml', text: 'rules:\n  - { id: p.r, override: true, enabled: true }\n' }]).rules[0]?.enabled).toBe(true)
  })
})

describe('compileRules: the compiled rule', () => {
  it('applies the defaults and records the source', () => {
    const rs = compileRules([{ file: 'a.yaml', text: oneRule() }])
    const r = rs.rules[0]
    expect(r).toMatchObject({
      id: 'p.r',
      version: 1,
      enabled: true,
      inert: false,
      conditionText: 'true',
      tags: [],
      controls: [],
      falco: [],
      exceptions: [],
      threshold: undefined,
      evidencePaths: [],
      source: 'a.yaml:2:5',
    })
    // It reads nothing, so every stage carries what it needs: judged at the first the policy keeps.
    expect([...(r?.match.static.stages ?? [])]).toEqual(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'])
    expect(r?.needs).toEqual({ stages: ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'], level: 'Metadata', because: [] })
    expect(rs.sources).toEqual([{ file: 'a.yaml', text: oneRule() }])
  })

  it('compiles exceptions with the expiry instant and a threshold with its window in ms', () => {
    const rs = compileRules([
      {
        file: 'a.yaml',
        text: oneRule('    exceptions:\n      - { name: e, reason: r, approver: a, expires: 2027-03-31 }\n    threshold: { count: 3, window: 2h, by: [user.username], distinct: objectRef.name }\n'),
      },
    ])
    const r = rs.rules[0]
    expect(r?.exceptions[0]).toMatchObject({ name: 'e', expires: '2027-03-31', expiresAt: Date.UTC(2027, 2, 31), match: undefined, condition: undefined })
    expect(r?.threshold).toEqual({ count: 3, window: '2h', windowMs: 7_200_000, by: ['user.username'], distinct: 'objectRef.name' })
    for (const [w, ms] of [['30s', 30_000], ['5m', 300_000], ['1d', 86_400_000]] as const) {
      const t = compileRules([{ file: 'a.yaml', text: oneRule(`    threshold: { count: 1, window: ${w}, by: [user.username] }\n`) }]).rules[0]?.threshold
      expect(t?.windowMs).toBe(ms)
    }
  })

  it('accepts an empty file and a file of comments', () => {
    expect(compileRules([{ file: 'a.yaml', text: '' }, { file: 'b.yaml', text: '# nothing\n' }]).rules).toEqual([])
  })
})

describe('compileRules: constant folding', () => {
  const text = `lists:\n  - { name: allowed, items: [] }\n${oneRule('    condition: size(lists.allowed) > 0\n')}`

  it('a condition that reads only lists is inert while they make it false, and never a candidate', () => {
    const rs = compileRules([{ file: 'a.yaml', text }])
    expect(rs.rules[0]?.inert).toBe(true)
    expect(rs.rules[0]?.evidencePaths).toEqual([])
    expect(evaluateEvent(rs, event(), 'c1')).toEqual({ hits: [], errors: [], activation: undefined })
  })

  it('fires once the list is set', () => {
    const rs = compileRules([{ file: 'a.yaml', text }], { lists: [{ name: 'allowed', items: ['x'] }] })
    expect(rs.rules[0]?.inert).toBe(false)
    expect(evaluateEvent(rs, event(), 'c1').hits.map((h) => h.rule.id)).toEqual(['p.r'])
  })

  it('folds literal conditions and list-only clauses, and leaves anything that reads the event or a macro alone', () => {
    const rs = compileRules([
      {
        file: 'a.yaml',
        text: `lists:\n  - { name: allowed, items: [x] }\nmacros:\n  - { name: never, condition: "false" }\n${oneRule('    condition: "false"\n', 'p.a')}${oneRule('    condition: never\n', 'p.b').slice('rules:\n'.length)}${oneRule('    condition: size(lists.allowed) > 0 && verb == "x"\n', 'p.c').slice('rules:\n'.length)}${oneRule('    condition: cluster == "x"\n', 'p.d').slice('rules:\n'.length)}`,
      },
    ], { lists: [{ name: 'allowed', items: [] }] })
    expect(rs.rules.map((r) => [r.id, r.inert])).toEqual([
      ['p.a', true],
      ['p.b', false],
      // Its first clause reads only the (empty) list: false for every event.
      ['p.c', true],
      ['p.d', false],
    ])
  })
})

describe('splitClauses', () => {
  it('splits at top-level && only', () => {
    expect(splitClauses('a && b && (c || d)')).toEqual(['a', 'b', '(c || d)'])
    expect(splitClauses('f(a && b) && [x && y].size() > 0 && {"k": p && q}.k')).toEqual(['f(a && b)', '[x && y].size() > 0', '{"k": p && q}.k'])
    expect(splitClauses(`s == "a && b" && t == 'c && d' && u == "e\\" && f"`)).toEqual(['s == "a && b"', "t == 'c && d'", 'u == "e\\" && f"'])
    expect(splitClauses('requestObject.?spec.?x.orValue(false) && b')).toEqual(['requestObject.?spec.?x.orValue(false)', 'b'])
    expect(splitClauses('  single  ')).toEqual(['single'])
  })

  it('keeps an expression with a top-level || or ?: whole, since && binds tighter', () => {
    expect(splitClauses('a || b && c')).toEqual(['a || b && c'])
    expect(splitClauses('a && b || c')).toEqual(['a && b || c'])
    expect(splitClauses('a ? b && c : d')).toEqual(['a ? b && c : d'])
  })
})
