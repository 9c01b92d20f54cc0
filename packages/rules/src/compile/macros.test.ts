import { describe, expect, it } from 'vitest'
import type { MacroDef } from '../schema.js'
import { createCelCompiler } from './cel-compiler.js'
import { compileMacros, findCycle } from './macros.js'

const defs = (entries: Record<string, string>) => new Map(Object.entries(entries).map(([name, condition]) => [name, { def: { name, condition } as MacroDef, at: `m.yaml:${name}` }]))

describe('compileMacros', () => {
  it('compiles each macro and follows macros to the event fields they read', () => {
    const d = defs({ human: '!user.username.startsWith("system:")', human_in_ns: 'human && objectRef.namespace == "a"' })
    const problems: string[] = []
    const macros = compileMacros(d, createCelCompiler(d.keys(), {}, problems), problems)
    expect(problems).toEqual([])
    expect([...macros.programs.keys()]).toEqual(['human', 'human_in_ns'])
    expect([...macros.pathsOf(new Set(['human_in_ns']), new Set(['verb']))].sort()).toEqual(['objectRef.namespace', 'user.username', 'verb'])
    expect(macros.has('human')).toBe(true)
    expect(macros.has('verb')).toBe(false)
  })

  it('reports CEL errors and the first cycle', () => {
    const d = defs({ a: 'b', b: 'a', c: 'objectRef.namespce == ""' })
    const problems: string[] = []
    compileMacros(d, createCelCompiler(d.keys(), {}, problems), problems)
    expect(problems).toEqual([
      'm.yaml:c: macro c: unknown field objectRef.namespce (objectRef has resource, namespace, name, uid, apiGroup, apiVersion, resourceVersion, subresource)',
      'm.yaml:a: macro a: cycle a -> b -> a',
    ])
  })
})

describe('findCycle', () => {
  it('finds a self-loop and longer loops, and nothing in a DAG', () => {
    const g = (edges: Record<string, string[]>) => (n: string) => edges[n] ?? []
    expect(findCycle(['a'], g({ a: ['a'] }))).toEqual(['a', 'a'])
    expect(findCycle(['x', 'a'], g({ x: [], a: ['b'], b: ['c'], c: ['a'] }))).toEqual(['a', 'b', 'c', 'a'])
    expect(findCycle(['a', 'b', 'c'], g({ a: ['b', 'c'], b: ['c'] }))).toBeUndefined()
  })
})
