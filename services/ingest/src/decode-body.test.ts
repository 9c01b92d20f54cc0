import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { AppError } from '@vigil/core'
import { decodeContent, parseSegments, splitTopLevel, type BodyLimits } from './decode-body.js'

const limits: BodyLimits = { maxDecompressedBytes: 1024, maxDepth: 10 }

async function rejection(p: Promise<unknown>): Promise<AppError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  )
  expect(err).toBeInstanceOf(AppError)
  return err as AppError
}

function thrown(fn: () => unknown): AppError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(AppError)
    return err as AppError
  }
  throw new Error('expected an AppError')
}

/** The segments' texts, as the splitter cut them. */
function texts(body: string, maxDepth = 10): string[] {
  const buf = Buffer.from(body)
  return splitTopLevel(buf, maxDepth).map((s) => buf.toString('utf8', s.start, s.end))
}

function jsonError(text: string): string {
  try {
    JSON.parse(text)
  } catch (err) {
    return (err as Error).message
  }
  throw new Error(`${text} is valid JSON`)
}

describe('decodeContent', () => {
  const body = Buffer.from('{"kind":"EventList","items":[]}')

  it.each([undefined, '', 'identity', ' Identity ', 'IDENTITY'])('passes %j through untouched (same buffer)', async (encoding) => {
    expect(await decodeContent(body, encoding, limits)).toBe(body)
  })

  it.each(['gzip', 'x-gzip', 'GZIP', ' gzip '])('inflates %j', async (encoding) => {
    const out = await decodeContent(gzipSync(body), encoding, limits)
    expect(out.toString()).toBe(body.toString())
  })

  it('inflates concatenated gzip members as one body', async () => {
    const out = await decodeContent(Buffer.concat([gzipSync('{"a":1}\n'), gzipSync('{"b":2}\n')]), 'gzip', limits)
    expect(out.toString()).toBe('{"a":1}\n{"b":2}\n')
  })

  it.each([
    ['br', 'br'],
    ['deflate', 'deflate'],
    ['gzip, br', 'gzip, br'],
    [' ZSTD ', 'zstd'],
  ])('rejects Content-Encoding %j as unsupported_encoding', async (encoding, shown) => {
    const err = await rejection(decodeContent(body, encoding, limits))
    expect(err.code).toBe('unsupported_encoding')
    expect(err.status).toBe(415)
    expect(err.message).toBe(`Content-Encoding "${shown}" is not supported; send identity or gzip`)
  })

  it('rejects a body that is not gzip as invalid_gzip', async () => {
    const err = await rejection(decodeContent(body, 'gzip', limits))
    expect(err.code).toBe('invalid_gzip')
    expect(err.status).toBe(400)
    expect(err.message).toBe('the body is not valid gzip: incorrect header check')
  })

  it('rejects a truncated gzip stream as invalid_gzip', async () => {
    const gz = gzipSync(Buffer.from('x'.repeat(200)))
    const err = await rejection(decodeContent(gz.subarray(0, gz.length - 10), 'gzip', limits))
    expect(err.code).toBe('invalid_gzip')
    expect(err.message).toBe('the body is not valid gzip: unexpected end of file')
  })

  it('accepts a body that inflates to exactly maxDecompressedBytes', async () => {
    const out = await decodeContent(gzipSync(Buffer.alloc(1024, 0x20)), 'gzip', limits)
    expect(out.length).toBe(1024)
  })

  it('rejects a body that inflates one byte beyond the bound as decompressed_too_large', async () => {
    const err = await rejection(decodeContent(gzipSync(Buffer.alloc(1025, 0x20)), 'gzip', limits))
    expect(err.code).toBe('decompressed_too_large')
    expect(err.status).toBe(413)
    expect(err.message).toBe('the gzip body inflates beyond 1024 bytes')
  })

  it('stops a decompression bomb (tiny body, huge output) without inflating it all', async () => {
    const bomb = gzipSync(Buffer.alloc(16 * 1024 * 1024))
    expect(bomb.length).toBeLessThan(32 * 1024)
    const err = await rejection(decodeContent(bomb, 'x-gzip', { maxDecompressedBytes: 4096, maxDepth: 10 }))
    expect(err.code).toBe('decompressed_too_large')
    expect(err.message).toBe('the gzip body inflates beyond 4096 bytes')
  })
})

describe('splitTopLevel', () => {
  it('finds one document with its byte range and line, and the ranges of its items', () => {
    const text = '{"kind":"EventList","items":[{"a":1},{"b":[2,3],"c":"}]"}]}'
    const buf = Buffer.from(text)
    const [seg] = splitTopLevel(buf, 10)
    expect(seg).toMatchObject({ start: 0, end: buf.length, line: 1 })
    expect(seg?.items?.map(([a, b]) => text.slice(a, b))).toEqual(['{"a":1}', '{"b":[2,3],"c":"}]"}'])
  })

  it('finds items only in a top-level "items" array of objects', () => {
    const ranges = (t: string) => splitTopLevel(Buffer.from(t), 10)[0]?.items?.map(([a, b]) => t.slice(a, b))
    expect(ranges('{"metadata":{"items":[{"x":1}]},"items":[{"y":2}]}')).toEqual(['{"y":2}'])
    expect(ranges('{"notitems":[{"x":1}]}')).toBeUndefined()
    expect(ranges('{"kind":"items","list":[{"x":1}]}')).toBeUndefined()
    expect(ranges('[{"items":[{"x":1}]}]')).toBeUndefined()
    expect(ranges('{"items":[1,{"x":1}]}')).toEqual(['{"x":1}'])
  })

  it('gives parsed EventLists the text of each item', () => {
    const text = '{"kind":"EventList","items":[{"auditID":"a"}, {"auditID":"b"}]}'
    const buf = Buffer.from(text)
    expect(parseSegments(buf, splitTopLevel(buf, 10))[0]?.itemTexts).toEqual(['{"auditID":"a"}', '{"auditID":"b"}'])
  })

  it('returns no segment for an empty or whitespace-only body', () => {
    expect(splitTopLevel(Buffer.alloc(0), 10)).toEqual([])
    expect(splitTopLevel(Buffer.from(' \r\n\t\n  '), 10)).toEqual([])
  })

  it('splits JSON lines and counts lines, CRLF and blank lines included', () => {
    const buf = Buffer.from('{"a":1}\r\n\n  {"b":2}\n[3]\n')
    expect(splitTopLevel(buf, 10)).toEqual([
      { start: 0, end: 7, line: 1 },
      { start: 12, end: 19, line: 3 },
      { start: 20, end: 23, line: 4 },
    ])
  })

  it('splits values written back to back, objects and arrays alike', () => {
    expect(texts('{"a":1}{"b":2}[1,2][]{}')).toEqual(['{"a":1}', '{"b":2}', '[1,2]', '[]', '{}'])
  })

  it('ignores braces, brackets and escaped quotes inside strings', () => {
    const doc = String.raw`{"a":"}}]]{{[[","b":"say \"}\" please","c":"\\","d":{"e":"[\"]"}}`
    expect(JSON.parse(doc)).toBeTypeOf('object')
    expect(texts(`${doc}\n{"next":true}`)).toEqual([doc, '{"next":true}'])
  })

  it('treats an escaped backslash before a quote as closing the string', () => {
    const doc = String.raw`{"path":"C:\\"}`
    expect(texts(`${doc}{"x":1}`)).toEqual([doc, '{"x":1}'])
  })

  it('does not count an escaped \\n as a line, but counts newlines inside a value', () => {
    const buf = Buffer.from('{"msg":"a\\nb\\nc"}\n{\n"x":\n1\n}\n{"y":2}')
    const segs = splitTopLevel(buf, 10)
    expect(segs.map((s) => s.line)).toEqual([1, 2, 6])
  })

  it('counts raw newlines inside a string, so later line numbers stay true to the bytes', () => {
    const buf = Buffer.from('{"a":"x\ny"}\n{"b":1}')
    expect(splitTopLevel(buf, 10).map((s) => s.line)).toEqual([1, 3])
  })

  it('keeps multi-byte UTF-8 intact and measures in bytes', () => {
    const buf = Buffer.from('{"name":"élan {ü}"}\n{"b":"日本"}')
    const segs = splitTopLevel(buf, 10)
    expect(segs.map((s) => buf.toString('utf8', s.start, s.end))).toEqual(['{"name":"élan {ü}"}', '{"b":"日本"}'])
    expect(segs[0]).toEqual({ start: 0, end: Buffer.byteLength('{"name":"élan {ü}"}'), line: 1 })
  })

  it('runs top-level scalars and garbage to the end of their line', () => {
    expect(texts('42\n"str"\n  garbage here {"a":1}\ntrue\n{"ok":1}')).toEqual(['42', '"str"', 'garbage here {"a":1}', 'true', '{"ok":1}'])
  })

  it('cuts garbage after a value on the same line into its own segment', () => {
    const buf = Buffer.from('{"a":1} trailing junk\n{"b":2}')
    expect(splitTopLevel(buf, 10)).toEqual([
      { start: 0, end: 7, line: 1 },
      { start: 8, end: 21, line: 1 },
      { start: 22, end: 29, line: 2 },
    ])
  })

  it('runs an unterminated last value to the end of the body', () => {
    expect(texts('{"a":1}\n{"b":[1,2')).toEqual(['{"a":1}', '{"b":[1,2'])
  })

  it('ends a value at a mismatched closer, leaving JSON.parse to reject it', () => {
    expect(texts('{"a":1]\n{"b":2}')).toEqual(['{"a":1]', '{"b":2}'])
  })

  describe('depth limit', () => {
    const nested = (depth: number) => `${'['.repeat(depth)}1${']'.repeat(depth)}`
    const nestedObjects = (depth: number) => `${'{"a":'.repeat(depth - 1)}{}${'}'.repeat(depth - 1)}`

    it('accepts nesting exactly at the limit', () => {
      expect(texts(nested(5), 5)).toEqual([nested(5)])
      expect(texts(nestedObjects(5), 5)).toEqual([nestedObjects(5)])
      expect(texts('{}', 1)).toEqual(['{}'])
    })

    it('rejects one level above the limit as too_deep, naming the line of the value', () => {
      const err = thrown(() => splitTopLevel(Buffer.from(nested(6)), 5))
      expect(err.code).toBe('too_deep')
      expect(err.status).toBe(400)
      expect(err.message).toBe('JSON nests deeper than 5 levels (value starting on line 1)')
    })

    it('counts objects and arrays alike', () => {
      const err = thrown(() => splitTopLevel(Buffer.from('{"a":[{"b":[1]}]}'), 3))
      expect(err.message).toBe('JSON nests deeper than 3 levels (value starting on line 1)')
      expect(texts('{"a":[{"b":[1]}]}', 4)).toHaveLength(1)
    })

    it('reports the line the deep value starts on, not the line of the excess', () => {
      const body = `{"ok":1}\n\n[\n[\n[\n1]]]`
      expect(thrown(() => splitTopLevel(Buffer.from(body), 2)).message).toBe('JSON nests deeper than 2 levels (value starting on line 3)')
    })

    it('measures depth per value, not across back-to-back values', () => {
      expect(texts(`${nested(3)}${nested(3)}\n${nested(3)}`, 3)).toEqual([nested(3), nested(3), nested(3)])
    })

    it('ignores brackets inside strings when measuring depth', () => {
      expect(texts('{"a":"[[[[[[[[[[{{{{{{"}', 1)).toEqual(['{"a":"[[[[[[[[[[{{{{{{"}'])
    })
  })
})

describe('parseSegments', () => {
  it('parses each segment and keeps its line and text', () => {
    const buf = Buffer.from('{"a":1}\n[2,3]\n"s"\n')
    expect(parseSegments(buf, splitTopLevel(buf, 10))).toEqual([
      { value: { a: 1 }, line: 1, text: '{"a":1}' },
      { value: [2, 3], line: 2, text: '[2,3]' },
      { value: 's', line: 3, text: '"s"' },
    ])
  })

  it('reports a segment that is not JSON with the parser message, without a value', () => {
    const buf = Buffer.from('{"a":1}\ngarbage\n{"b":}')
    const parsed = parseSegments(buf, splitTopLevel(buf, 10))
    expect(parsed).toEqual([
      { value: { a: 1 }, line: 1, text: '{"a":1}' },
      { error: jsonError('garbage'), line: 2, text: 'garbage' },
      { error: jsonError('{"b":}'), line: 3, text: '{"b":}' },
    ])
    expect(parsed[1]).not.toHaveProperty('value')
    expect(parsed[1]?.error).toContain('is not valid JSON')
  })

  it('parses a value whose top level is null as the value null', () => {
    const buf = Buffer.from('null')
    expect(parseSegments(buf, splitTopLevel(buf, 10))).toEqual([{ value: null, line: 1, text: 'null' }])
  })

  it('returns nothing for no segments', () => {
    expect(parseSegments(Buffer.from('   '), [])).toEqual([])
  })

  it('decodes UTF-8 across the segment boundaries it is given', () => {
    const buf = Buffer.from('{"n":"ü"} {"n":"日"}')
    expect(parseSegments(buf, splitTopLevel(buf, 10)).map((p) => p.value)).toEqual([{ n: 'ü' }, { n: '日' }])
  })
})
