import { describe, expect, it } from 'vitest'
import { candidate, finding } from '../test/fixtures.js'
import { AlertCandidate, toAlertCandidate } from './candidate.js'

describe('toAlertCandidate', () => {
  it('keeps only the whitelisted fields', () => {
    const c = candidate()
    expect(AlertCandidate.parse(c)).toEqual(c)
    expect(Object.keys(c)).not.toContain('evidence')
    expect(Object.keys(c)).not.toContain('output')
    expect(c.controls).toEqual(['soc2:CC6.1', 'soc2:CC6.3', 'hipaa:164.308(a)(4)'])
  })

  it('carries nothing of a Secret body, annotations or Authorization into the candidate', () => {
    const secretValues = ['c3VwZXItc2VjcmV0LXBhc3N3b3Jk', 'hunter2-stringdata', 'eyJhbGciOiJSUzI1NiJ9.token', 'Bearer abc.def.ghi']
    const f = finding({
      rule_id: 'secrets.read_all', resource: 'secrets', name: 'db-creds', namespace: 'payments', severity: 'high',
      output: `read db-creds: ${secretValues.join(' ')}`,
      reason: `Secret read: requestObject.data.password=${secretValues[0]}, objectRef.name=db-creds`,
      evidence: {
        'objectRef.name': 'db-creds',
        'objectRef.namespace': 'payments',
        'requestObject.data.password': secretValues[0],
        'requestObject.stringData.token': secretValues[1],
        'requestObject.metadata.annotations': { 'kubectl.kubernetes.io/last-applied-configuration': secretValues[2] },
        'requestObject.metadata.annotations.token': secretValues[2],
        'headers.Authorization': secretValues[3],
        'responseObject.data': { password: secretValues[0] },
      },
    })
    const text = JSON.stringify(toAlertCandidate(f))
    for (const v of secretValues) expect(text).not.toContain(v)
    expect(toAlertCandidate(f).reason).toBe('ClusterRoleBinding to cluster-admin created: objectRef.name=db-creds, objectRef.namespace=payments')
  })

  it('bounds the rebuilt reason', () => {
    const c = candidate({ evidence: { 'objectRef.name': 'x'.repeat(5000), userAgent: 'y'.repeat(5000) } })
    expect(c.reason.length).toBeLessThanOrEqual(1001)
  })
})
