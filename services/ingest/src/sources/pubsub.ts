import { AppError } from '@vigil/core'
import type { DecodedEvent, Rejected } from '../classify.js'
import { mapGkeLogEntry } from './gke-mapping.js'

/** A wrapped Pub/Sub push body. */
export interface PubSubPush {
  messageId: string
  publishTime: string | undefined
  data: string
  subscription: string | undefined
  deliveryAttempt: number | undefined
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/**
 * Checks the wrapped push envelope. Throws `invalid_envelope` (400: Pub/Sub
 * keeps the message and redelivers it, then hands it to the dead-letter topic
 * if one is set) for a body that is not one, such as an unwrapped delivery.
 */
export function parsePubSubPush(body: unknown): PubSubPush {
  if (!isObject(body) || !isObject(body['message'])) throw new AppError('invalid_envelope', 'the body is not a wrapped Pub/Sub push message (no message object); turn off payload unwrapping on the subscription')
  const m = body['message']
  const messageId = m['messageId'] ?? m['message_id']
  if (typeof messageId !== 'string' || messageId === '') throw new AppError('invalid_envelope', 'the Pub/Sub message has no messageId')
  const data = m['data'] ?? ''
  if (typeof data !== 'string') throw new AppError('invalid_envelope', 'the Pub/Sub message data is not a string')
  const publishTime = m['publishTime'] ?? m['publish_time']
  return {
    messageId,
    data,
    publishTime: typeof publishTime === 'string' ? publishTime : undefined,
    subscription: typeof body['subscription'] === 'string' ? body['subscription'] : undefined,
    deliveryAttempt: typeof body['deliveryAttempt'] === 'number' ? body['deliveryAttempt'] : undefined,
  }
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/

/**
 * Decodes a push message's data (base64 of one LogEntry as JSON) and maps it.
 * A message that does not decode or map is a poison message: it is rejected
 * (dead-lettered) and acknowledged, since a redelivery cannot fix it.
 */
export function decodePubSubMessage(push: PubSubPush, maxBytes: number): { events: DecodedEvent[]; rejected: Rejected[] } {
  const reject = (reason: Rejected['reason'], detail: string, text?: string) => ({ events: [], rejected: [{ reason, detail: `message ${push.messageId}: ${detail}`, value: undefined, ...(text === undefined ? {} : { text }) }] })
  if (push.data.length % 4 !== 0 || !BASE64.test(push.data)) return reject('invalid_record', 'data is not base64', push.data.slice(0, 256))
  if ((push.data.length / 4) * 3 > maxBytes + 2) return reject('invalid_record', `data is larger than ${maxBytes} bytes`, push.data.slice(0, 256))
  const text = Buffer.from(push.data, 'base64').toString('utf8')
  let entry: unknown
  try {
    entry = JSON.parse(text)
  } catch (err) {
    return reject('invalid_json', `data is not a JSON LogEntry: ${(err as Error).message}`, text)
  }
  return mapEntry(entry, push.messageId)
}

/** Maps one parsed LogEntry; shared by push delivery and `vigil analyze`. */
export function mapEntry(entry: unknown, where: string): { events: DecodedEvent[]; rejected: Rejected[] } {
  const mapped = mapGkeLogEntry(entry)
  if (!mapped.ok) return { events: [], rejected: [{ reason: 'unmappable_entry', detail: `${where}: ${mapped.detail}`, value: entry }] }
  return { events: [{ value: mapped.event }], rejected: [] }
}
