import { describe, expect, it } from 'vitest'
import { AppError } from '@vigil/core'
import { decodeCursor, encodeCursor, fromChTime, Where } from './page.js'

const b64 = (text: string) => Buffer.from(text).toString('base64url')

describe('cursors', () => {
  it.each([
    { time: '2026-10-01T10:00:00.123456Z', id: 'a-1/ResponseComplete' },
    { time: '2026-10-01T10:00:00Z', id: '' },
    { time: '2026-10-01T12:00:00+02:00', id: 'ünïcode/日本/"quotes"' },
  ])('round-trips %j', (cursor) => {
    const text = encodeCursor(cursor)
    expect(text).toMatch(/^[A-Za-z0-9_-]+$/)
    expect(decodeCursor(text)).toEqual(cursor)
  })

  it('encodes the sort key as a JSON pair', () => {
    expect(Buffer.from(encodeCursor({ time: 't', id: 'i' }), 'base64url').toString()).toBe('["t","i"]')
  })

  it.each([
    ['empty', ''],
    ['not base64 JSON', '!!!'],
    ['plain text', 'hello'],
    ['an object', b64('{"time":"2026-10-01T00:00:00Z","id":"x"}')],
    ['null', b64('null')],
    ['one element', b64('["2026-10-01T00:00:00Z"]')],
    ['three elements', b64('["2026-10-01T00:00:00Z","a","b"]')],
    ['a numeric id', b64('["2026-10-01T00:00:00Z",5]')],
    ['a numeric time', b64('[1790848800000,"x"]')],
    ['a time that is no date', b64('["not a date","x"]')],
    ['truncated', encodeCursor({ time: '2026-10-01T00:00:00Z', id: 'x' }).slice(0, -3)],
  ])('refuses a cursor that is %s as invalid_query', (_name, text) => {
    let err: unknown
    try {
      decodeCursor(text)
    } catch (e) {
      err = e
    }
    expect(err).toBeInstanceOf(AppError)
    expect((err as AppError).code).toBe('invalid_query')
    expect((err as AppError).status).toBe(400)
    expect((err as AppError).message).toBe('cursor is not one this API issued')
  })
})

describe('Where', () => {
  it('is empty without clauses', () => {
    const w = new Where()
    expect(String(w)).toBe('')
    expect(w.params).toEqual({})
  })

  it('binds every value as a numbered, typed parameter', () => {
    const w = new Where()
      .add((p) => `a = ${p('x', 'String')}`)
      .add((p) => `b BETWEEN ${p(1, 'UInt32')} AND ${p(2, 'UInt32')}`)
    expect(`${w}`).toBe('WHERE a = {p0:String} AND b BETWEEN {p1:UInt32} AND {p2:UInt32}')
    expect(w.params).toEqual({ p0: 'x', p1: 1, p2: 2 })
    expect(w.clauses).toEqual(['a = {p0:String}', 'b BETWEEN {p1:UInt32} AND {p2:UInt32}'])
  })

  it('never puts a value into the SQL text', () => {
    const hostile = "x' OR 1=1 --"
    const w = new Where().anyOf('user', [hostile])
    expect(w.toString()).toBe('WHERE user IN {p0:Array(String)}')
    expect(w.toString()).not.toContain(hostile)
    expect(w.params).toEqual({ p0: [hostile] })
  })

  it('adds anyOf only when values are given', () => {
    const w = new Where().anyOf('cluster', undefined).anyOf('verb', []).anyOf('namespace', ['a', 'b'])
    expect(w.toString()).toBe('WHERE namespace IN {p0:Array(String)}')
    expect(w.params).toEqual({ p0: ['a', 'b'] })
  })

  it('returns itself for chaining', () => {
    const w = new Where()
    expect(w.anyOf('a', ['x'])).toBe(w)
    expect(w.add(() => 'true')).toBe(w)
  })
})

describe('fromChTime', () => {
  it('turns ClickHouse DateTime64 text into RFC 3339 UTC', () => {
    expect(fromChTime('2026-10-01 10:00:00.123456')).toBe('2026-10-01T10:00:00.123456Z')
    expect(fromChTime('2026-10-01 10:00:00')).toBe('2026-10-01T10:00:00Z')
  })

  it('leaves text that is already RFC 3339 alone', () => {
    expect(fromChTime('2026-10-01T10:00:00.5Z')).toBe('2026-10-01T10:00:00.5Z')
  })
})
