import { describe, expect, it } from 'vitest'
import { applyOverrides } from './overrides.js'
import { parseRuleFiles } from './parse-files.js'

describe('applyOverrides', () => {
  it('sets enabled and severity, appends exceptions with their own site, and refuses an unknown id', () => {
    const problems: string[] = []
    const defs = parseRuleFiles(
      [
        { file: 'a.yaml', text: 'rules:\n  - { id: p.a, title: T, description: D, severity: low, output: o, exceptions: [{ name: e1, reason: r, approver: x }] }\n' },
        { file: 'b.yaml', text: 'rules:\n  - { id: p.a, override: true, enabled: false, severity: high, exceptions: [{ name: e2, reason: r, approver: x }] }\n  - { id: p.nope, override: true, enabled: false }\n' },
      ],
      problems,
    )
    applyOverrides(defs, problems)
    expect(problems).toEqual(['b.yaml:3:5: rule p.nope: override of a rule that is not defined'])
    const target = defs.rules.get('p.a')
    expect(target?.rule.enabled).toBe(false)
    expect(target?.rule.severity).toBe('high')
    expect(target?.rule.exceptions.map((e) => e.name)).toEqual(['e1', 'e2'])
    expect(target?.exceptionSites.map((s) => [s.located.file, s.path])).toEqual([
      ['a.yaml', ['rules', 0, 'exceptions', 0]],
      ['b.yaml', ['rules', 0, 'exceptions', 0]],
    ])
  })
})
