import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '@vigil/core'
import { createActivationFactory } from './activation.js'
import { renderOutput, templateFields } from './output.js'

const activation = createActivationFactory(new Map(), { trusted: ['a', 'b'] })(
  {
    auditID: 'o-1',
    stage: 'ResponseComplete',
    requestURI: '/api/v1/namespaces/ns/pods',
    verb: 'create',
    user: { username: 'alice', groups: ['dev', 'sre'] },
    objectRef: { resource: 'pods', namespace: 'ns' },
    responseStatus: { code: 201 },
    requestObject: { spec: { containers: [{ name: 'a' }], blob: 'q'.repeat(300) }, metadata: { labels: { app: 'x' } } },
    annotations: { 'pod-security.kubernetes.io/enforce-policy': 'restricted:latest', empty: '' },
    requestReceivedTimestamp: '2026-03-01T10:00:00Z',
    stageTimestamp: '2026-03-01T10:00:00Z',
  } satisfies AuditEvent,
  'c1',
)

describe('templateFields', () => {
  it('finds the {path} fields of a template', () => {
    expect(templateFields('{user.username} created {objectRef.name} in {annotations["a/b"]}; {not a field} {}')).toEqual(['user.username', 'objectRef.name', 'annotations["a/b"]'])
  })
})

describe('renderOutput', () => {
  it('inserts fields, quoted annotation keys included', () => {
    expect(renderOutput('{user.username} {verb} {objectRef.resource} in {objectRef.namespace}', activation)).toBe('alice create pods in ns')
    expect(renderOutput('policy {annotations["pod-security.kubernetes.io/enforce-policy"]}', activation)).toBe('policy restricted:latest')
  })

  it('joins arrays of scalars, shows numbers and objects', () => {
    expect(renderOutput('groups={user.groups} code={responseStatus.code} lists={lists.trusted}', activation)).toBe('groups=dev,sre code=201 lists=a,b')
    expect(renderOutput('{requestObject.metadata.labels} {requestObject.spec.containers}', activation)).toBe('{"app":"x"} [{"name":"a"}]')
  })

  it('shows <none> for missing, null and empty values', () => {
    expect(renderOutput('{objectRef.name}|{annotations["nope"]}|{annotations.empty}|{requestObject.missing.deeper}', activation)).toBe('<none>|<none>|<none>|<none>')
  })

  it('cuts long objects at 256 characters', () => {
    const text = JSON.stringify({ containers: [{ name: 'a' }], blob: 'q'.repeat(300) })
    expect(renderOutput('{requestObject.spec}', activation)).toBe(`${text.slice(0, 256)}…`)
  })

  it('leaves text that is not a field alone', () => {
    expect(renderOutput('no fields {here too} {}', activation)).toBe('no fields {here too} {}')
  })
})
