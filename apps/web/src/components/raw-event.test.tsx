import { cleanup, fireEvent, render } from '@testing-library/preact'
import { afterEach, describe, expect, it } from 'vitest'
import { RawEvent } from './raw-event'

const EVENT = {
  kind: 'Event',
  auditID: 'a-1',
  verb: 'create',
  user: { username: 'minikube-user', groups: ['system:masters', 'system:authenticated'] },
  objectRef: { resource: 'clusterrolebindings', name: 'some-reader-binding', apiGroup: 'rbac.authorization.k8s.io' },
  requestObject: {
    kind: 'ClusterRoleBinding',
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'User', name: 'minikube' }],
  },
  responseObject: { metadata: Object.fromEntries(Array.from({ length: 20 }, (_, i) => [`k${i}`, i])) },
  responseStatus: { code: 201 },
  annotations: { note: '<img src=x onerror="alert(1)">' },
  empty: {},
  nothing: null,
  flag: true,
}

afterEach(cleanup)

const node = (c: Element, path: string) => c.querySelector<HTMLElement>(`[data-path="${path}"]`) as HTMLElement
const isOpen = (c: Element, path: string) => (node(c, path).querySelector(':scope > details') as HTMLDetailsElement).open

describe('RawEvent', () => {
  it('pretty-prints every field with its JSON value', () => {
    const { container } = render(<RawEvent event={EVENT} highlight={[]} />)
    expect(node(container, 'verb').textContent).toBe('"verb": "create"')
    expect(node(container, 'responseStatus.code').textContent).toBe('"code": 201')
    expect(node(container, 'flag').textContent).toBe('"flag": true')
    expect(node(container, 'nothing').textContent).toBe('"nothing": null')
    expect(node(container, 'empty').textContent).toBe('"empty": {}')
    expect(node(container, 'user.groups[1]').textContent).toBe('1: "system:authenticated"')
  })

  it('marks the matched fields, in words as well as colour, and marks what lies inside a matched object', () => {
    const { container } = render(<RawEvent event={EVENT} highlight={['requestObject.roleRef.name', 'user']} />)
    const matched = node(container, 'requestObject.roleRef.name')
    expect(matched.classList.contains('j-match')).toBe(true)
    expect(matched.textContent).toContain('matched')
    expect(node(container, 'user').classList.contains('j-match')).toBe(true)
    expect(node(container, 'user.username').classList.contains('j-inside')).toBe(true)
    expect(node(container, 'requestObject.roleRef.kind').classList.contains('j-match')).toBe(false)
    expect(node(container, 'verb').className).toBe('')
    expect(container.querySelectorAll('.matched-tag')).toHaveLength(2)
  })

  it('unfolds the path to a match and folds large bodies the rule did not read', () => {
    const { container } = render(<RawEvent event={EVENT} highlight={['requestObject.roleRef.name']} />)
    expect(isOpen(container, 'requestObject')).toBe(true)
    expect(isOpen(container, 'requestObject.roleRef')).toBe(true)
    expect(isOpen(container, 'requestObject.subjects')).toBe(false)
    expect(isOpen(container, 'responseObject.metadata')).toBe(false)
    expect(node(container, 'responseObject.metadata').querySelector('summary')?.textContent).toContain('20 keys')
  })

  it('folds and unfolds everything from its toolbar', () => {
    const { container, getByRole } = render(<RawEvent event={EVENT} highlight={['requestObject.roleRef.name']} />)
    fireEvent.click(getByRole('button', { name: 'Collapse all' }))
    expect(container.querySelectorAll('details[open]')).toHaveLength(1)
    fireEvent.click(getByRole('button', { name: 'Expand all' }))
    expect(container.querySelectorAll('details:not([open])')).toHaveLength(0)
  })

  it('shows hostile strings as text, never as markup', () => {
    const { container } = render(<RawEvent event={EVENT} highlight={[]} />)
    expect(container.querySelector('img')).toBeNull()
    expect(node(container, 'annotations.note').textContent).toContain('<img src=x onerror=\\"alert(1)\\">')
  })
})
