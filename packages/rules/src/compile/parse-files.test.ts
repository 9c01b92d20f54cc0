import { describe, expect, it } from 'vitest'
import { parseRuleFiles } from './parse-files.js'

const rule = (id: string, extra = '') => `  - id: ${id}\n    title: T\n    description: D\n    severity: low\n    output: o\n${extra}`

describe('parseRuleFiles', () => {
  it('collects lists, macros and rules in file order; later lists replace or append', () => {
    const problems: string[] = []
    const defs = parseRuleFiles(
      [
        { file: 'a.yaml', text: `lists:\n  - { name: l, items: [x] }\n  - { name: m, items: [y] }\nmacros:\n  - { name: k, condition: 'true' }\nrules:\n${rule('p.a')}` },
        { file: 'b.yaml', text: `lists:\n  - { name: l, items: [z] }\n  - { name: m, items: [w], append: true }\nrules:\n  - { id: p.a, override: true, enabled: false }\n` },
      ],
      problems,
    )
    expect(problems).toEqual([])
    expect(Object.fromEntries(defs.lists)).toEqual({ l: ['z'], m: ['y', 'w'] })
    expect([...defs.macros.keys()]).toEqual(['k'])
    expect(defs.macros.get('k')?.at).toBe('a.yaml:5:5')
    expect([...defs.rules.keys()]).toEqual(['p.a'])
    expect(defs.rules.get('p.a')?.at).toBe('a.yaml:7:5')
    expect(defs.overrides.map((o) => [o.override.id, o.at])).toEqual([['p.a', 'b.yaml:5:5']])
  })

  it('reports a YAML error, a schema error, an orphan append, a built-in macro name and a duplicate id, and keeps the rest', () => {
    const problems: string[] = []
    const defs = parseRuleFiles(
      [
        { file: 'bad.yaml', text: 'rules:\n\t- x\n' },
        { file: 'c.yaml', text: `lists:\n  - { name: n, items: [], append: true }\nmacros:\n  - { name: verb, condition: 'true' }\nrules:\n${rule('p.b')}${rule('p.b')}  - { id: p.c }\n` },
      ],
      problems,
    )
    expect(problems).toEqual([
      'bad.yaml:2:1: YAML: Tabs are not allowed as indentation',
      'c.yaml:2:5: list n: append to a list that is not defined in an earlier file',
      'c.yaml:4:13: macro verb: the name is a built-in variable',
      'c.yaml:11:9: rule p.b: duplicate id, first defined at c.yaml:6:5 (use override: true to change it)',
      'c.yaml:16:5: rule p.c: title: Invalid input: expected string, received undefined',
      'c.yaml:16:5: rule p.c: description: Invalid input: expected string, received undefined',
      'c.yaml:16:5: rule p.c: severity: Invalid option: expected one of "info"|"low"|"medium"|"high"|"critical"',
      'c.yaml:16:5: rule p.c: output: Invalid input: expected string, received undefined',
    ])
    expect([...defs.rules.keys()]).toEqual(['p.b'])
    expect(defs.macros.size).toBe(0)
  })
})
