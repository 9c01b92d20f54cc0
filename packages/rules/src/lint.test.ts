import { describe, expect, it } from 'vitest'
import { compileRules } from './compile.js'
import { parseControlCatalogs } from './controls.js'
import { lintRuleset } from './lint.js'

const CATALOGS = parseControlCatalogs([
  { file: 'soc2.yaml', text: 'framework: soc2\nname: SOC 2\nversion: "2017"\ncontrols:\n  - { id: CC6.1, title: Access, summary: Restricted. }\n' },
])

const EXAMPLES = `    tests:
      - { name: fires, fires: true, event: { verb: get } }
      - { name: quiet, fires: false, event: { verb: list } }
`

function lint(rules: string): { rule_id: string; source: string; problem: string }[] {
  return lintRuleset(compileRules([{ file: 'l.yaml', text: `rules:\n${rules}` }]), CATALOGS)
}

const head = (id: string) => `  - id: ${id}\n    title: T\n    description: D\n    severity: low\n    output: o\n    condition: verb == "get"\n`

describe('lintRuleset', () => {
  it('accepts a rule with resolved controls and both kinds of example', () => {
    expect(lint(`${head('l.good')}    controls: [{ framework: soc2, id: CC6.1, role: population }]\n${EXAMPLES}`)).toEqual([])
  })

  it('reports unresolved control references and rules with no control', () => {
    expect(
      lint(
        `${head('l.refs')}    controls:\n      - { framework: soc2, id: CC9.9, role: exception }\n      - { framework: hipaa, id: 164.312(b), role: supporting }\n${EXAMPLES}${head('l.none')}${EXAMPLES}`,
      ),
    ).toEqual([
      { rule_id: 'l.refs', source: 'l.yaml:2:5', problem: 'control soc2/CC9.9 is not in the soc2 catalog' },
      { rule_id: 'l.refs', source: 'l.yaml:2:5', problem: 'control hipaa/164.312(b): no catalog for framework hipaa' },
      { rule_id: 'l.none', source: 'l.yaml:14:5', problem: 'maps to no control (add controls: with a role)' },
    ])
  })

  it('reports missing firing and non-firing examples', () => {
    const controls = '    controls: [{ framework: soc2, id: CC6.1, role: population }]\n'
    expect(lint(`${head('l.none')}${controls}${head('l.fires-only').slice(0)}${controls}    tests: [{ name: f, fires: true, event: { verb: get } }]\n`)).toEqual([
      { rule_id: 'l.none', source: 'l.yaml:2:5', problem: 'has no firing example (a test with fires: true)' },
      { rule_id: 'l.none', source: 'l.yaml:2:5', problem: 'has no non-firing example (a test with fires: false)' },
      { rule_id: 'l.fires-only', source: 'l.yaml:9:5', problem: 'has no non-firing example (a test with fires: false)' },
    ])
  })

  it('asks threshold rules for a firing events: sequence', () => {
    const rule = (id: string, tests: string) =>
      `${head(id)}    controls: [{ framework: soc2, id: CC6.1, role: population }]\n    threshold: { count: 2, window: 1m, by: [user.username] }\n    tests:\n${tests}`
    expect(
      lint(
        rule('l.single', '      - { name: f, fires: true, event: { verb: get } }\n      - { name: q, fires: false, event: { verb: list } }\n') +
          rule('l.seq', '      - { name: f, fires: true, events: [{ verb: get }, { verb: get }] }\n      - { name: q, fires: false, event: { verb: list } }\n'),
      ),
    ).toEqual([{ rule_id: 'l.single', source: 'l.yaml:2:5', problem: 'is a threshold rule: give a firing example as an events: sequence that reaches the count' }])
  })
})
