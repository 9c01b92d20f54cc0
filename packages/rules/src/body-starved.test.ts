import { describe, expect, it } from 'vitest'
import { compileRules } from './compile.js'
import { bodyStarvedFor } from './evaluate.js'
import { completeTestEvent } from './test-event.js'

const rule = (id: string, body: string) => `  - id: ${id}\n    title: ${id}\n    description: d\n    severity: medium\n    output: o\n${body}`
const ruleset = compileRules([
  {
    file: 't.yaml',
    text: `rules:
${rule('t.body', '    match: { verbs: [create], resources: [configmaps] }\n    condition: has(requestObject.data)\n')}
${rule('t.response', '    match: { verbs: [create], resources: [configmaps] }\n    condition: has(responseObject.data)\n')}
${rule('t.fallback', '    match: { verbs: [create], resources: [configmaps] }\n    condition: requestObject.metadata.name != "x"\n    metadata_condition: objectRef.name != "x"\n')}
${rule('t.metadata', '    match: { verbs: [create], resources: [configmaps] }\n    condition: objectRef.name != "x"\n')}
${rule('t.off', '    enabled: false\n    match: { verbs: [create], resources: [configmaps] }\n    condition: has(requestObject.data)\n')}
${rule('t.pods', '    match: { verbs: [create], resources: [pods] }\n    condition: has(requestObject.spec)\n')}
`,
  },
])

const ids = (level: string, verb = 'create', resource = 'configmaps') => {
  const { event } = completeTestEvent({ verb, level, objectRef: { resource, namespace: 'web', name: 'a' }, responseStatus: { code: 201 } })
  return bodyStarvedFor(ruleset, event!).map((r) => r.id)
}

describe('bodyStarvedFor', () => {
  it('names the enabled rules for this request that need a higher level and have no metadata condition', () => {
    expect(ids('Metadata')).toEqual(['t.body', 't.response'])
    // A rule that reads the response body is still judged on the request body (ADR 0012).
    expect(ids('Request')).toEqual([])
    expect(ids('RequestResponse')).toEqual([])
    expect(ids('Metadata', 'get')).toEqual([])
    expect(ids('Metadata', 'create', 'pods')).toEqual(['t.pods'])
    expect(ids('Metadata'), 'memoised per static key, same answer').toEqual(['t.body', 't.response'])
  })
})
