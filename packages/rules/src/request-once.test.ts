import { describe, expect, it } from 'vitest'
import { NoticeOnce, RequestOnce } from './request-once.js'

describe('RequestOnce', () => {
  it('answers true once per (rule, cluster, auditID)', () => {
    const once = new RequestOnce()
    expect(once.first('r', 'c', 'a')).toBe(true)
    expect(once.first('r', 'c', 'a')).toBe(false)
    expect(once.first('r2', 'c', 'a')).toBe(true)
    expect(once.first('r', 'c2', 'a')).toBe(true)
    expect(once.first('r', 'c', 'b')).toBe(true)
    once.clear()
    expect(once.first('r', 'c', 'a')).toBe(true)
  })

  it('forgets the oldest entry beyond its capacity', () => {
    const once = new RequestOnce(2)
    for (const a of ['a', 'b', 'c']) expect(once.first('r', 'c', a)).toBe(true)
    expect(once.size).toBe(2)
    expect(once.first('r', 'c', 'c')).toBe(false)
    expect(once.first('r', 'c', 'a')).toBe(true)
  })
})

describe('NoticeOnce', () => {
  it('is true once per (rule, cluster), and forgets the oldest beyond its capacity', () => {
    const n = new NoticeOnce(2)
    expect(n.first('r', 'prod')).toBe(true)
    expect(n.first('r', 'prod')).toBe(false)
    expect(n.first('r', 'staging')).toBe(true)
    expect(n.first('s', 'prod')).toBe(true)
    expect(n.first('r', 'prod'), 'the oldest pair was forgotten').toBe(true)
  })
})
