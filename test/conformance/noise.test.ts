/**
 * Noise: routine control-plane traffic gives no finding of medium severity or
 * above, and Falco's fixtures give medium-or-higher findings only from the
 * rules that reported them before the detection packs grew (issue 12). Every
 * event is replayed as all the stages of its request (ADR 0012).
 */
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { checkAuditEvent, type AuditEvent, type Finding } from '@vigil/core'
import { collectFindings } from '@vigil/analyzer'
import { classify, parseSegments, splitTopLevel } from '@vigil/ingest'
import { compileRules, evaluateEvent, loadRuleSources, RequestOnce, requestStages, ThresholdTracker, type Ruleset } from '@vigil/rules'
import { FALCO_EVENTS_DIR } from '../support/fixtures.js'

const REPO = fileURLToPath(new URL('../../', import.meta.url))
const ROUTINE = fileURLToPath(new URL('./routine-traffic/controllers.jsonl', import.meta.url))
const LOUD = new Set(['medium', 'high', 'critical'])

function findingsOf(ruleset: Ruleset, events: readonly AuditEvent[]): Finding[] {
  const memory = { thresholds: new ThresholdTracker(), once: new RequestOnce() }
  const findings: Finding[] = []
  for (const request of events) {
    for (const event of requestStages(request)) collectFindings(evaluateEvent(ruleset, event, 'c1'), { cluster: 'c1', received_at: event.stageTimestamp, event, raw: '' }, memory, findings)
  }
  return findings
}

describe('noise', () => {
  const ruleset = compileRules(loadRuleSources([join(REPO, 'rules')], REPO))

  it('routine controller traffic (leases, SubjectAccessReviews, operator reconciles, kubelets) gives nothing of medium severity or above', () => {
    const events = readFileSync(ROUTINE, 'utf8')
      .split('\n')
      .filter((l) => l.trim() !== '')
      .map((l) => {
        const c = checkAuditEvent(JSON.parse(l))
        if (!c.ok) throw new Error(JSON.stringify(c.issues))
        return c.event
      })
    expect(events.length).toBeGreaterThan(30)
    const findings = findingsOf(ruleset, events)
    expect(findings.filter((f) => LOUD.has(f.severity)).map((f) => `${f.rule_id} on ${f.audit_id}`)).toEqual([])
    // The test can see findings: the low-severity populations it expects are there.
    expect(new Set(findings.map((f) => f.rule_id))).toContain('persistence.mirror-pod-created')
  })

  it("Falco's fixtures give medium-or-higher findings only from the rules that reported them before", () => {
    const profile = compileRules(loadRuleSources([join(REPO, 'rules'), join(REPO, 'rules', 'profiles', 'falco-compat.yaml')], REPO))
    const events: AuditEvent[] = []
    for (const f of readdirSync(FALCO_EVENTS_DIR).sort()) {
      const buf = readFileSync(join(FALCO_EVENTS_DIR, f))
      events.push(...classify(parseSegments(buf, splitTopLevel(buf, 100))).events)
    }
    expect(events.length).toBeGreaterThan(40)
    const loud = new Set(findingsOf(profile, events).filter((f) => LOUD.has(f.severity)).map((f) => f.rule_id))
    expect([...loud].sort()).toEqual([
      'access.anonymous-request-allowed',
      'access.disallowed-namespace',
      'access.disallowed-user',
      'access.kube-namespace-serviceaccount',
      'audit-pipeline.sensitive-body-logged',
      'rbac.cluster-admin-binding',
      'rbac.pod-exec-role',
      'rbac.rbac-object-deleted',
      'rbac.system-role-changed',
      'rbac.wildcard-role',
      'secrets.credentials-in-configmap',
      'workload.exec-attach',
      'workload.host-network',
      'workload.kube-namespace-pod',
      'workload.nodeport-service',
      'workload.privileged-container',
      'workload.sensitive-host-mount',
    ])
  })
})
