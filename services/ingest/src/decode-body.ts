import { gunzip } from 'node:zlib'
import { promisify } from 'node:util'
import { AppError } from '@vigil/core'

const gunzipAsync = promisify(gunzip)

export interface BodyLimits {
  /** Most bytes a gzip body may inflate to. */
  maxDecompressedBytes: number
  /** Deepest nesting of objects and arrays accepted. */
  maxDepth: number
}

/** Inflates a gzip body within a bound; identity passes through. */
export async function decodeContent(body: Buffer, encoding: string | undefined, limits: BodyLimits): Promise<Buffer> {
  const enc = (encoding ?? 'identity').trim().toLowerCase()
  if (enc === 'identity' || enc === '') return body
  if (enc !== 'gzip' && enc !== 'x-gzip') throw new AppError('unsupported_encoding', `Content-Encoding "${enc}" is not supported; send identity or gzip`)
  try {
    return await gunzipAsync(body, { maxOutputLength: limits.maxDecompressedBytes })
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') {
      throw new AppError('decompressed_too_large', `the gzip body inflates beyond ${limits.maxDecompressedBytes} bytes`)
    }
    throw new AppError('invalid_gzip', `the body is not valid gzip: ${(err as Error).message}`)
  }
}

/** A top-level JSON value's byte range, and the line it starts on. */
export interface Segment {
  start: number
  end: number
  line: number
  /** For an object with an `items` array (an EventList): each element object's byte range. */
  items?: [number, number][]
}

const ITEMS = Buffer.from('items')

const LBRACE = 0x7b
const RBRACE = 0x7d
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const QUOTE = 0x22
const BACKSLASH = 0x5c
const NEWLINE = 0x0a

function isSpace(b: number): boolean {
  return b === 0x20 || b === NEWLINE || b === 0x0d || b === 0x09
}

/**
 * One pass over the bytes: finds the top-level values (one JSON document,
 * JSON lines, or values written back to back) and rejects nesting deeper
 * than the limit before anything recursive touches the data.
 */
export function splitTopLevel(buf: Buffer, maxDepth: number): Segment[] {
  const segments: Segment[] = []
  const n = buf.length
  let i = 0
  let line = 1
  while (i < n) {
    let b = buf[i] as number
    if (isSpace(b)) {
      if (b === NEWLINE) line++
      i++
      continue
    }
    const start = i
    const startLine = line
    if (b === LBRACE || b === LBRACKET) {
      let depth = 0
      let inString = false
      let closed = false
      // Where the elements of a top-level object's "items" array start and end,
      // so ingest can keep an unchanged event's own text instead of re-serialising it.
      const isObject = b === LBRACE
      const items: [number, number][] = []
      let stringStart = -1
      let itemsKey = false
      let inItems = false
      let itemStart = -1
      for (; i < n; i++) {
        b = buf[i] as number
        if (inString) {
          if (b === BACKSLASH) i++
          else if (b === QUOTE) {
            inString = false
            if (depth === 1) itemsKey = i - stringStart === 6 && buf.compare(ITEMS, 0, 5, stringStart + 1, i) === 0
          } else if (b === NEWLINE) line++
          continue
        }
        if (b === QUOTE) {
          inString = true
          stringStart = i
        } else if (b === LBRACE || b === LBRACKET) {
          if (++depth > maxDepth) throw new AppError('too_deep', `JSON nests deeper than ${maxDepth} levels (value starting on line ${startLine})`)
          if (isObject && depth === 2 && b === LBRACKET) inItems = itemsKey
          else if (inItems && depth === 3 && b === LBRACE) itemStart = i
        } else if (b === RBRACE || b === RBRACKET) {
          if (inItems && depth === 3 && b === RBRACE && itemStart >= 0) {
            items.push([itemStart, i + 1])
            itemStart = -1
          } else if (depth === 2) inItems = false
          if (--depth === 0) {
            i++
            closed = true
            break
          }
        } else if (b === NEWLINE) line++
      }
      if (closed && items.length > 0) {
        segments.push({ start, end: i, line: startLine, items })
        continue
      }
      // A value still open at the end of the body is a broken line in a
      // JSON-lines body, not the start of one huge value: end it at its own
      // newline so the lines after it are read on their own.
      const nl = closed ? -1 : buf.indexOf(NEWLINE, start)
      if (nl >= 0) {
        i = nl
        line = startLine
      }
    } else {
      // A scalar or garbage at the top level runs to the end of its line.
      while (i < n && buf[i] !== NEWLINE) i++
    }
    segments.push({ start, end: i, line: startLine })
  }
  return segments
}

export interface ParsedValue {
  value?: unknown
  /** Set when the segment is not valid JSON. */
  error?: string
  line: number
  text: string
  /** The text of each element of an EventList's items, when the scan found them. */
  itemTexts?: string[]
}

/** Parses each top-level value. A body that is one value is parsed in one call. */
export function parseSegments(buf: Buffer, segments: readonly Segment[]): ParsedValue[] {
  return segments.map((s) => {
    const text = buf.toString('utf8', s.start, s.end)
    try {
      const value = JSON.parse(text) as unknown
      if (s.items === undefined) return { value, line: s.line, text }
      return { value, line: s.line, text, itemTexts: s.items.map(([a, b]) => buf.toString('utf8', a, b)) }
    } catch (err) {
      return { error: (err as Error).message, line: s.line, text }
    }
  })
}
