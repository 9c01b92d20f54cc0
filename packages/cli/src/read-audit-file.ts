import { createReadStream, openSync, readSync, closeSync, statSync, readFileSync } from 'node:fs'
import { parseSegments, splitTopLevel, type Rejected } from '@vigil/ingest'
import { classifyValue, type InputFormat } from './cloud-formats.js'
import type { AuditEvent } from '@vigil/core'

export interface FileProblem {
  file: string
  line: number
  message: string
}

export interface ReadCallbacks {
  onEvent(event: AuditEvent): void
  onProblem(p: FileProblem): void
  /** Bytes consumed so far, for progress. */
  onProgress(bytes: number): void
}

export interface ReadOptions {
  /** The input's format; `auto` recognises each value's shape. */
  format: InputFormat
}

const WHOLE_FILE_LIMIT = 1024 * 1024 * 1024
const MAX_DEPTH = 100

function problemOf(file: string, line: number, r: Rejected): FileProblem {
  return { file, line, message: `${r.reason.replace('_', ' ')}: ${r.detail}` }
}

function firstLine(file: string): string {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(1024 * 1024)
    const n = readSync(fd, buf, 0, buf.length, 0)
    const text = buf.toString('utf8', 0, n)
    const nl = text.indexOf('\n')
    return nl < 0 ? (n < buf.length ? text : '') : text.slice(0, nl)
  } finally {
    closeSync(fd)
  }
}

function looksLikeJsonLines(file: string): boolean {
  const head = firstLine(file).trim()
  if (head.length === 0) return false
  try {
    JSON.parse(head)
    return true
  } catch {
    return false
  }
}

function handleValues(file: string, buf: Buffer, lineOffset: number, cb: ReadCallbacks, format: InputFormat): void {
  let segments
  try {
    segments = splitTopLevel(buf, MAX_DEPTH)
  } catch (err) {
    cb.onProblem({ file, line: lineOffset + 1, message: (err as Error).message })
    return
  }
  for (const value of parseSegments(buf, segments)) {
    const line = lineOffset + value.line
    const c = classifyValue(value, format)
    for (const e of c.events) cb.onEvent(e)
    for (const r of c.rejected) cb.onProblem(problemOf(file, line, r))
  }
}

/**
 * Reads an audit log: JSON lines (one Event per line, as the apiserver's log
 * backend writes; or one GKE LogEntry, AKS record or CloudWatch payload per
 * line) are streamed; any other JSON file (an EventList, an Event, a
 * CloudWatch export, pretty-printed) is read whole. Problems name the file
 * and line.
 */
export async function readAuditFile(file: string, cb: ReadCallbacks, options: ReadOptions = { format: 'auto' }): Promise<void> {
  const size = statSync(file).size
  if (!looksLikeJsonLines(file)) {
    if (size > WHOLE_FILE_LIMIT) throw new Error(`${file}: larger than 1 GiB and not JSON lines; split it or convert it to one event per line`)
    handleValues(file, readFileSync(file), 0, cb, options.format)
    cb.onProgress(size)
    return
  }
  let carry: Buffer = Buffer.alloc(0)
  let line = 0
  let bytes = 0
  for await (const chunk of createReadStream(file, { highWaterMark: 1024 * 1024 })) {
    const data = carry.length === 0 ? (chunk as Buffer) : Buffer.concat([carry, chunk as Buffer])
    const lastNl = data.lastIndexOf(0x0a)
    if (lastNl < 0) {
      carry = data
      continue
    }
    const complete = data.subarray(0, lastNl + 1)
    carry = Buffer.from(data.subarray(lastNl + 1))
    handleValues(file, complete, line, cb, options.format)
    for (let i = 0; i < complete.length; i++) if (complete[i] === 0x0a) line++
    bytes += complete.length
    cb.onProgress(bytes)
  }
  if (carry.length > 0) handleValues(file, carry, line, cb, options.format)
  cb.onProgress(size)
}
