import type { Finding } from '@vigil/core'
import type { AlertCandidate } from '../src/candidate.js'
import { toAlertCandidate } from '../src/candidate.js'

/** A fresh finding per call (no shared mutable fixtures); `over` replaces fields. */
export function finding(over: Partial<Finding> = {}): Finding {
  return {
    finding_id: 'f9c1e0d2a4b6c8e0f1a3b5c7d9e1f3a5',
    rule_id: 'rbac.cluster_admin_binding',
    rule_version: '3',
    severity: 'critical',
    title: 'ClusterRoleBinding to cluster-admin created',
    cluster: 'prod-eu-1',
    audit_id: '4b7c2a10-9e1f-4d3c-8b2a-1f0e9d8c7b6a',
    stage: 'ResponseComplete',
    event_time: '2026-11-27T14:30:00.123456Z',
    user: 'alice@example.com',
    verb: 'create',
    resource: 'clusterrolebindings',
    namespace: '',
    name: 'ci-admin',
    reason: 'ClusterRoleBinding to cluster-admin created: objectRef.name=ci-admin',
    output: 'alice@example.com bound cluster-admin to system:serviceaccount:ci:deployer',
    evidence: { 'objectRef.name': 'ci-admin', 'user.username': 'alice@example.com', verb: 'create' },
    tags: ['rbac', 'privilege-escalation'],
    controls: [
      { framework: 'soc2', id: 'CC6.1', role: 'exception' },
      { framework: 'soc2', id: 'CC6.3', role: 'exception' },
      { framework: 'hipaa', id: '164.308(a)(4)', role: 'exception' },
    ],
    ...over,
  }
}

export function candidate(over: Partial<Finding> = {}): AlertCandidate {
  return toAlertCandidate(finding(over))
}

/** `n` candidates of one group, distinct finding ids. */
export function candidates(n: number, over: Partial<Finding> = {}): AlertCandidate[] {
  return Array.from({ length: n }, (_, i) => candidate({ finding_id: `f${String(i).padStart(31, '0')}`, audit_id: `a-${i}`, user: `user-${i}@example.com`, ...over }))
}
