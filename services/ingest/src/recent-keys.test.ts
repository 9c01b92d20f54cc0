import { describe, expect, it } from 'vitest'
import { eventKey, RecentKeys } from './recent-keys.js'

describe('RecentKeys', () => {
  it('remembers what it was given', () => {
    const r = new RecentKeys(10)
    r.addAll(['a', 'b'])
    expect(r.has('a')).toBe(true)
    expect(r.has('b')).toBe(true)
    expect(r.has('c')).toBe(false)
    expect(r.size).toBe(2)
  })

  it('counts a key added twice once', () => {
    const r = new RecentKeys(10)
    r.addAll(['a', 'a'])
    r.addAll(['a'])
    expect(r.size).toBe(1)
  })

  it('evicts the oldest keys beyond its capacity', () => {
    const r = new RecentKeys(3)
    r.addAll(['a', 'b', 'c'])
    r.addAll(['d'])
    expect(['a', 'b', 'c', 'd'].filter((k) => r.has(k))).toEqual(['b', 'c', 'd'])
    expect(r.size).toBe(3)
  })

  it('keeps the newest keys of one oversized batch', () => {
    const r = new RecentKeys(2)
    r.addAll(['a', 'b', 'c', 'd', 'e'])
    expect(['a', 'b', 'c', 'd', 'e'].filter((k) => r.has(k))).toEqual(['d', 'e'])
    expect(r.size).toBe(2)
  })

  it('refreshes a key that is added again, so it outlives older ones', () => {
    const r = new RecentKeys(3)
    r.addAll(['a', 'b', 'c'])
    r.addAll(['a'])
    r.addAll(['d'])
    expect(['a', 'b', 'c', 'd'].filter((k) => r.has(k))).toEqual(['a', 'c', 'd'])
  })

  it('does not refresh a key on has()', () => {
    const r = new RecentKeys(2)
    r.addAll(['a', 'b'])
    expect(r.has('a')).toBe(true)
    r.addAll(['c'])
    expect(r.has('a')).toBe(false)
    expect(r.has('b')).toBe(true)
  })

  it('remembers nothing with capacity 0', () => {
    const r = new RecentKeys(0)
    r.addAll(['a', 'b'])
    expect(r.has('a')).toBe(false)
    expect(r.size).toBe(0)
  })

  it('takes any iterable, once', () => {
    const r = new RecentKeys(5)
    r.addAll(new Set(['x', 'y']).values())
    expect(r.size).toBe(2)
  })
})

describe('eventKey', () => {
  it('joins the parts with NUL', () => {
    expect(eventKey('prod', 'a-1', 'ResponseComplete')).toBe('prod\u0000a-1\u0000ResponseComplete')
  })

  it('keeps distinct tuples distinct even when the parts hold separators', () => {
    expect(eventKey('a/b', 'c', 'd')).not.toBe(eventKey('a', 'b/c', 'd'))
    expect(eventKey('a', 'b', 'ResponseComplete')).not.toBe(eventKey('a', 'b', 'RequestReceived'))
    expect(eventKey('c1', 'x', 's')).not.toBe(eventKey('c2', 'x', 's'))
  })
})
