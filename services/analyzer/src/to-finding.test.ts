import { describe, expect, it } from 'vitest'
import type { AuditEvent, Finding, ThresholdStateRow } from '@vigil/core'
import { compileRules, evaluateEvent, requestStages, RequestOnce, ThresholdTracker } from '@vigil/rules'
import { collectFindings, findingId } from './to-finding.js'

const ruleset = compileRules([
  {
    file: 'r.yaml',
    text: `rules:
  - { id: t.exec, title: Exec, description: D, severity: medium, output: o, match: { resources: [pods/exec] } }
  - { id: t.denied, title: Denied, description: D, severity: low, output: o, match: { response_codes: [403] }, threshold: { count: 2, window: 5m, by: [user.username] } }
`,
  },
])

const exec = (auditID: string, code = 101): AuditEvent => ({
  auditID,
  stage: 'ResponseStarted',
  level: 'Metadata',
  requestURI: '/api/v1/namespaces/n/pods/p/exec?command=sh',
  verb: 'create',
  user: { username: 'alice' },
  objectRef: { resource: 'pods', subresource: 'exec', namespace: 'n', name: 'p' },
  responseStatus: { code },
  requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
  stageTimestamp: '2026-01-01T00:00:00.100000Z',
})

function run(events: readonly AuditEvent[]): { findings: Finding[]; state: ThresholdStateRow[] } {
  const memory = { thresholds: new ThresholdTracker(), once: new RequestOnce() }
  const findings: Finding[] = []
  const state: ThresholdStateRow[] = []
  for (const event of events) collectFindings(evaluateEvent(ruleset, event, 'c1'), { cluster: 'c1', received_at: event.stageTimestamp, event, raw: '' }, memory, findings, state)
  return { findings, state }
}

describe('collectFindings across the stages of a request', () => {
  it('reports a rule once per request, at the first stage that carries what it reads, with an id that does not name the stage', () => {
    const stages = requestStages(exec('a'))
    const all = run(stages).findings
    expect(all.map((f) => [f.rule_id, f.stage])).toEqual([['t.exec', 'RequestReceived']])
    const last = run(stages.slice(2)).findings
    expect(last.map((f) => [f.rule_id, f.stage])).toEqual([['t.exec', 'ResponseComplete']])
    expect(all[0]?.finding_id).toBe(last[0]?.finding_id)
    expect(all[0]?.finding_id).toBe(findingId('t.exec', 1, { cluster: 'c1', event: { auditID: 'a' } }))
    expect(run([...stages, ...requestStages(exec('b'))]).findings.map((f) => f.audit_id)).toEqual(['a', 'b'])
  })

  it('counts a request once towards a threshold, whatever stages of it arrive', () => {
    const denied = (id: string) => requestStages(exec(id, 403))
    const one = run(denied('a'))
    expect(one.findings.filter((f) => f.rule_id === 't.denied')).toEqual([])
    expect(one.state.map((r) => r.member)).toEqual(['a'])
    const two = run([...denied('a'), ...denied('b')])
    expect(two.findings.filter((f) => f.rule_id === 't.denied')).toHaveLength(1)
  })
})
