import { describe, expect, it } from 'vitest'
import { createBaseEnvironment, type CelNode } from './cel.js'
import { evidenceValue, referencedPaths } from './evidence.js'

function refs(expr: string): { paths: string[]; identifiers: string[] } {
  const env = createBaseEnvironment().registerVariable('my_macro', 'dyn')
  const { paths, identifiers } = referencedPaths((env.parse(expr) as unknown as { ast: CelNode }).ast)
  return { paths: [...paths].sort(), identifiers: [...identifiers].sort() }
}

describe('referencedPaths', () => {
  it('collects maximal field chains rooted at event variables', () => {
    expect(refs('user.username == "a" && objectRef.namespace.startsWith("kube-") && verb in ["get"]')).toEqual({
      paths: ['objectRef.namespace', 'user.username', 'verb'],
      identifiers: ['objectRef', 'user', 'verb'],
    })
    expect(refs('has(requestObject.spec.hostPID) && requestObject.?spec.?hostNetwork.orValue(false)')).toEqual({
      paths: ['requestObject.spec.hostNetwork', 'requestObject.spec.hostPID'],
      identifiers: ['requestObject'],
    })
  })

  it('leaves out whole bodies, the event, lists and comprehension variables, and reports macro names', () => {
    expect(refs('to_json(requestObject).contains("x") && responseObject != {} && event.user.username != "" && size(event) > 0')).toEqual({
      paths: ['event.user.username'],
      identifiers: ['event', 'requestObject', 'responseObject'],
    })
    expect(refs('user.username in lists.admins && lists.admins.exists(a, glob(objectRef.name, a))')).toEqual({
      paths: ['objectRef.name', 'user.username'],
      identifiers: ['a', 'lists', 'objectRef', 'user'],
    })
    expect(refs('my_macro && all_containers(requestObject).all(c, c.securityContext.privileged == false)')).toEqual({
      paths: [],
      identifiers: ['c', 'my_macro', 'requestObject'],
    })
  })

  it('keeps the map of an index expression', () => {
    expect(refs('annotations["authorization.k8s.io/decision"] == "allow"')).toEqual({ paths: ['annotations'], identifiers: ['annotations'] })
  })
})

describe('evidenceValue', () => {
  it('keeps scalars and small objects as they are', () => {
    expect(evidenceValue('x')).toBe('x')
    expect(evidenceValue(3)).toBe(3)
    expect(evidenceValue(false)).toBe(false)
    expect(evidenceValue(null)).toBeNull()
    expect(evidenceValue(undefined)).toBeNull()
    expect(evidenceValue(7n)).toBe(7)
    const small = { a: [1, 2] }
    expect(evidenceValue(small)).toBe(small)
  })

  it('truncates large strings and objects to 2048 characters of text', () => {
    expect(evidenceValue('y'.repeat(2048))).toBe('y'.repeat(2048))
    expect(evidenceValue('y'.repeat(2049))).toBe(`${'y'.repeat(2048)}… [truncated, 2049 chars]`)
    const big = { data: 'z'.repeat(3000) }
    const text = JSON.stringify(big)
    expect(evidenceValue(big)).toBe(`${text.slice(0, 2048)}… [truncated, ${text.length} chars]`)
  })

  it('does not throw on values JSON cannot hold', () => {
    const loop: Record<string, unknown> = {}
    loop['self'] = loop
    expect(evidenceValue(loop)).toBe('[unserialisable]')
  })
})
