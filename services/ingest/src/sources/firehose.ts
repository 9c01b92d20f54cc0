import { gunzipSync } from 'node:zlib'
import { AppError } from '@vigil/core'
import { decodeSubscriptionPayload, emptyCloudWatchDecoded, type CloudWatchDecoded } from './cloudwatch.js'

/** The Firehose HTTP endpoint request body (protocol version 1.0). */
export interface FirehoseRequest {
  requestId: string
  timestamp: number
  records: { data: string }[]
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Checks the envelope Firehose posts. Throws `invalid_envelope` (400) for a
 * body that is not one, or whose requestId differs from the
 * X-Amz-Firehose-Request-Id header: Firehose retries it and, when its retry
 * duration runs out, keeps the data in its S3 backup.
 */
export function parseFirehoseRequest(body: unknown, headerRequestId: string | undefined): FirehoseRequest {
  if (headerRequestId === undefined || headerRequestId === '') throw new AppError('invalid_envelope', 'X-Amz-Firehose-Request-Id is missing')
  if (!isObject(body)) throw new AppError('invalid_envelope', 'the body is not a Firehose request object')
  const { requestId, timestamp, records } = body
  if (requestId !== headerRequestId) throw new AppError('invalid_envelope', 'the body requestId does not match X-Amz-Firehose-Request-Id')
  if (typeof timestamp !== 'number' || !Number.isFinite(timestamp)) throw new AppError('invalid_envelope', 'the Firehose request has no numeric timestamp')
  if (!Array.isArray(records)) throw new AppError('invalid_envelope', 'the Firehose request has no records array')
  for (const [i, r] of records.entries()) {
    if (!isObject(r) || typeof r['data'] !== 'string') throw new AppError('invalid_envelope', `records[${i}] has no string data`)
  }
  return { requestId, timestamp, records: records as { data: string }[] }
}

export interface FirehoseDecodeLimits {
  /** Most bytes one record may hold once base64-decoded and gunzipped. */
  maxRecordBytes: number
}

/**
 * Decodes every record of a Firehose request: base64, then gunzip when the
 * bytes start with the gzip magic (Firehose may be set to decompress CloudWatch
 * records itself), then one CloudWatch Logs subscription payload. A record that
 * does not decode is a poison record: it is rejected (dead-lettered) and the
 * rest of the request is still taken, since a Firehose retry cannot fix it.
 */
export function decodeFirehoseRequest(request: FirehoseRequest, limits: FirehoseDecodeLimits): CloudWatchDecoded {
  return decodeFirehoseRecords(request.records, limits)
}

export function decodeFirehoseRecords(records: readonly { data: string }[], limits: FirehoseDecodeLimits): CloudWatchDecoded {
  const out = emptyCloudWatchDecoded()
  for (const [i, r] of records.entries()) {
    if (r.data.length === 0) continue
    if (r.data.length % 4 !== 0 || !BASE64.test(r.data)) {
      out.rejected.push({ reason: 'invalid_record', detail: `records[${i}].data is not base64`, value: undefined, text: r.data.slice(0, 256) })
      continue
    }
    if ((r.data.length / 4) * 3 > limits.maxRecordBytes + 2) {
      out.rejected.push({ reason: 'invalid_record', detail: `records[${i}] is larger than ${limits.maxRecordBytes} bytes`, value: undefined, text: r.data.slice(0, 256) })
      continue
    }
    let bytes = Buffer.from(r.data, 'base64')
    if (bytes[0] === 0x1f && bytes[1] === 0x8b) {
      try {
        bytes = gunzipSync(bytes, { maxOutputLength: limits.maxRecordBytes })
      } catch (err) {
        const tooLarge = (err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE'
        out.rejected.push({ reason: 'invalid_record', detail: tooLarge ? `records[${i}] inflates beyond ${limits.maxRecordBytes} bytes` : `records[${i}] is not valid gzip: ${(err as Error).message}`, value: undefined, text: r.data.slice(0, 256) })
        continue
      }
    }
    let payload: unknown
    try {
      payload = JSON.parse(bytes.toString('utf8'))
    } catch (err) {
      out.rejected.push({ reason: 'invalid_record', detail: `records[${i}] is not JSON: ${(err as Error).message}`, value: undefined, text: bytes.toString('utf8', 0, 4096) })
      continue
    }
    decodeSubscriptionPayload(payload, out)
  }
  return out
}
