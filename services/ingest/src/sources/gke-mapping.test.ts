import { readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'
import { checkAuditEvent } from '@vigil/core'
import { MANAGED_DIR } from '../../../../test/support/fixtures.js'
import { INFERRED_ANNOTATION, mapGkeLogEntry, UNRECOVERED_ANNOTATION } from './gke-mapping.js'

const fixture = (name: string): Record<string, unknown> => JSON.parse(readFileSync(`${MANAGED_DIR}/gke/${name}`, 'utf8')) as Record<string, unknown>
const create = fixture('khi-pods-create.logentry.json')
const patch = fixture('khi-pods-status-patch.logentry.json')
const push = fixture('pubsub-push-envelope.constructed.json')
const pushed = JSON.parse(Buffer.from((push['message'] as { data: string }).data, 'base64').toString('utf8')) as Record<string, unknown>

function mapped(entry: unknown): Record<string, unknown> {
  const m = mapGkeLogEntry(entry)
  if (!m.ok) throw new Error(m.detail)
  return m.event
}
const withPayload = (entry: Record<string, unknown>, changes: Record<string, unknown>) => ({ ...entry, protoPayload: { ...(entry['protoPayload'] as object), ...changes } })

describe('mapGkeLogEntry on the fixtures', () => {
  const cases = [
    {
      name: 'khi pods.create',
      entry: create,
      expect: {
        auditID: '85371f7c-2383-4041-96e8-dad63d2d1990',
        verb: 'create',
        stage: 'ResponseComplete',
        level: 'RequestResponse',
        user: { username: 'system:serviceaccount:kube-system:replicaset-controller' },
        objectRef: { apiGroup: '', apiVersion: 'v1', namespace: '1-2-deployment-update', resource: 'pods', name: 'nginx-deployment-surge-8655b4b8c5-xf5f4' },
        requestURI: '/api/v1/namespaces/1-2-deployment-update/pods/nginx-deployment-surge-8655b4b8c5-xf5f4',
        responseStatus: { code: 201 },
        requestReceivedTimestamp: '2024-01-01T01:00:00Z',
      },
      annotations: { 'pod-security.kubernetes.io/enforce-policy': 'privileged:latest', 'authorization.k8s.io/decision': 'allow' },
    },
    {
      name: 'khi pods.status.patch',
      entry: patch,
      expect: {
        auditID: 'c7842d26-11fe-446a-b985-b2b67ddbab09',
        verb: 'patch',
        level: 'Request',
        user: { username: 'system:node:gke-sample-cluster-default-abcdefgh-abcd' },
        sourceIPs: ['10.146.0.7'],
        userAgent: 'kubelet/v1.28.14 (linux/amd64) kubernetes/a4ef1a6',
        objectRef: { apiGroup: '', apiVersion: 'v1', namespace: '1-2-deployment-update', resource: 'pods', name: 'nginx-deployment-surge-8655b4b8c5-xf5f4', subresource: 'status' },
        responseStatus: { code: 200 },
      },
      annotations: { 'authorization.k8s.io/decision': 'allow' },
    },
    { name: 'the pushed LogEntry (constructed envelope)', entry: pushed, expect: { auditID: 'c7842d26-11fe-446a-b985-b2b67ddbab09', verb: 'patch' }, annotations: {} },
  ]
  it.each(cases)('$name maps to a valid audit Event', (c) => {
    const event = mapped(c.entry)
    expect(event).toMatchObject(c.expect)
    expect(event['annotations']).toMatchObject(c.annotations)
    const checked = checkAuditEvent(event)
    expect(checked.ok).toBe(true)
  })

  it('keeps the request and response bodies without their @type', () => {
    const event = mapped(create)
    expect((event['requestObject'] as Record<string, unknown>)['kind']).toBe('Pod')
    expect(event['requestObject']).not.toHaveProperty('@type')
    expect(event['responseObject']).not.toHaveProperty('@type')
    expect((event['responseObject'] as { metadata: { name: string } }).metadata.name).toBe('nginx-deployment-surge-8655b4b8c5-xf5f4')
  })

  it('records every field it could not recover and every value it inferred', () => {
    const event = mapped(patch)
    const annotations = event['annotations'] as Record<string, string>
    const lost = annotations[UNRECOVERED_ANNOTATION]?.split(',')
    expect(lost).toEqual(expect.arrayContaining(['user.groups', 'user.uid', 'impersonatedUser', 'responseObject']))
    expect(lost).not.toContain('requestObject')
    expect(annotations[INFERRED_ANNOTATION]?.split(',')).toContain('responseStatus.code')
    expect(mapGkeLogEntry(create).ok && (mapGkeLogEntry(create) as { unrecovered: string[] }).unrecovered).not.toContain('responseObject')
  })
})

describe('mapGkeLogEntry field rules', () => {
  it.each([
    ['io.k8s.core.v1.pods.exec.create', 'core/v1/namespaces/default/pods/nginx/exec', { verb: 'create', stage: 'ResponseStarted', responseStatus: { code: 101 }, objectRef: { subresource: 'exec', name: 'nginx' } }],
    ['io.k8s.authorization.rbac.v1.clusterrolebindings.create', 'rbac.authorization.k8s.io/v1/clusterrolebindings/admin-all', { verb: 'create', requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings/admin-all', objectRef: { apiGroup: 'rbac.authorization.k8s.io', resource: 'clusterrolebindings', name: 'admin-all' } }],
    ['io.k8s.core.v1.namespaces.delete', 'core/v1/namespaces/team-a', { verb: 'delete', requestURI: '/api/v1/namespaces/team-a', objectRef: { resource: 'namespaces', name: 'team-a' } }],
    ['io.k8s.core.v1.secrets.list', 'core/v1/namespaces/prod/secrets', { verb: 'list', objectRef: { namespace: 'prod', resource: 'secrets' } }],
  ])('%s on %s', (methodName, resourceName, expected) => {
    const event = mapped(withPayload(patch, { methodName, resourceName, request: undefined }))
    expect(event).toMatchObject(expected)
    expect(checkAuditEvent(event).ok).toBe(true)
  })

  it('maps google.rpc status codes to HTTP codes and keeps the message', () => {
    const denied = mapped(withPayload(patch, { status: { code: 7, message: 'pods is forbidden' } }))
    expect(denied['responseStatus']).toEqual({ code: 403, message: 'pods is forbidden', status: 'Failure' })
    expect(mapped(withPayload(patch, { status: { code: 5 } }))['responseStatus']).toMatchObject({ code: 404 })
  })

  it('derives the decision from authorizationInfo when the labels lack it', () => {
    const event = mapped({ ...withPayload(patch, { authorizationInfo: [{ granted: false, permission: 'x' }] }), labels: {} })
    expect((event['annotations'] as Record<string, string>)['authorization.k8s.io/decision']).toBe('forbid')
  })

  it('falls back to operation.id when insertId is absent', () => {
    const { insertId: _drop, ...rest } = patch
    expect(mapped(rest)['auditID']).toBe('c7842d26-11fe-446a-b985-b2b67ddbab09')
  })

  it.each([
    ['a non-object', 42, 'not an object'],
    ['no protoPayload', { insertId: 'x' }, 'no protoPayload'],
    ['another service', withPayload(patch, { serviceName: 'container.googleapis.com' }), 'not k8s.io'],
    ['another payload type', withPayload(patch, { '@type': 'type.googleapis.com/google.cloud.audit.Other' }), 'not AuditLog'],
    ['a system_event log', { ...patch, logName: 'projects/p/logs/cloudaudit.googleapis.com%2Fsystem_event' }, 'not an activity'],
    ['another resource type', { ...patch, resource: { type: 'gce_instance' } }, 'not k8s_cluster'],
    ['the Panther partial record (no insertId, misspelt callerIP)', fixture('panther-k8s_exec_into_pod-gke-test.json'), 'neither insertId'],
  ])('rejects %s without throwing', (_name, entry, detail) => {
    const m = mapGkeLogEntry(entry)
    expect(m.ok).toBe(false)
    expect(!m.ok && m.detail).toContain(detail)
  })
})
