import { describe, expect, it } from 'vitest'
import { compileRules } from './compile.js'
import { detectionsDoc } from './detections-doc.js'

describe('detectionsDoc', () => {
  it('lists each pack with stage, level, controls and techniques per rule', () => {
    const rs = compileRules([
      {
        file: 'r.yaml',
        text: `rules:
  - { id: a.exec, title: T, description: D, severity: medium, output: o, match: { resources: [pods/exec], response_codes: ["100-399"] }, tags: [mitre:T1609], controls: [{ framework: soc2, id: CC6.1, role: population }] }
  - { id: a.body, title: T, description: D, severity: low, output: o, enabled: false, condition: 'has(requestObject.spec)', metadata_condition: 'verb == "create"' }
  - { id: b.burst, title: T, description: D, severity: high, output: o, threshold: { count: 5, window: 5m, by: [user.username], distinct: objectRef.name } }
`,
      },
    ])
    const doc = detectionsDoc(rs)
    expect(doc).toContain('## a (2)')
    expect(doc).toContain('| `a.exec` | medium | ResponseStarted or ResponseComplete | Metadata | soc2 CC6.1 (population) | T1609 |')
    expect(doc).toContain('| `a.body` (off by default) | low | ResponseStarted or ResponseComplete | Request (Metadata fallback) |  |  |')
    expect(doc).toContain('| `b.burst` | high — threshold 5 distinct objectRef.name per 5m | any (from RequestReceived) | Metadata |  |  |')
    expect(doc).toContain('3 rules, 2 enabled by default')
  })
})
