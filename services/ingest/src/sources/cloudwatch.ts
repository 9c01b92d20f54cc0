import type { DecodedEvent } from '../classify.js'
import type { Rejected } from '../classify.js'

/** What decoding found in CloudWatch Logs subscription payloads. */
export interface CloudWatchDecoded {
  events: DecodedEvent[]
  rejected: Rejected[]
  /** `CONTROL_MESSAGE` health probes, dropped. */
  controlMessages: number
  /** Log groups the DATA_MESSAGEs came from (`/aws/eks/<cluster>/cluster`). */
  logGroups: Set<string>
}

export function emptyCloudWatchDecoded(): CloudWatchDecoded {
  return { events: [], rejected: [], controlMessages: 0, logGroups: new Set() }
}

const TRUNCATED = '[Truncated...]'
const AUDIT_ID = /"auditID":\s*"([a-z0-9-]{1,64})"/

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/**
 * Takes the audit Events out of one log event's message: one native Event
 * as a JSON string (or a JSON array of them). CloudWatch cuts events over
 * 256 KB and appends `[Truncated...]`; those cannot be parsed and are
 * rejected with the auditID the text still shows.
 */
export function decodeLogMessage(message: string, out: CloudWatchDecoded): void {
  const text = message.trimEnd()
  if (text.endsWith(TRUNCATED)) {
    const id = AUDIT_ID.exec(text)?.[1]
    out.rejected.push({ reason: 'truncated_event', detail: `CloudWatch truncated the event at 256 KB${id === undefined ? '' : ` (auditID ${id})`}`, value: undefined, text })
    return
  }
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (err) {
    out.rejected.push({ reason: 'invalid_json', detail: `log event message: ${(err as Error).message}`, value: undefined, text })
    return
  }
  if (Array.isArray(value)) for (const v of value) out.events.push({ value: v })
  else out.events.push({ value, text: text.includes('\n') ? undefined : text })
}

/**
 * Decodes one CloudWatch Logs subscription payload (already gunzipped and
 * parsed): a `DATA_MESSAGE` yields one event per log event, a
 * `CONTROL_MESSAGE` is a health probe and yields nothing.
 */
export function decodeSubscriptionPayload(payload: unknown, out: CloudWatchDecoded): void {
  if (!isObject(payload) || typeof payload['messageType'] !== 'string') {
    out.rejected.push({ reason: 'invalid_record', detail: 'not a CloudWatch Logs subscription payload (no messageType)', value: payload })
    return
  }
  if (payload['messageType'] === 'CONTROL_MESSAGE') {
    out.controlMessages++
    return
  }
  const logEvents = payload['logEvents']
  if (payload['messageType'] !== 'DATA_MESSAGE' || !Array.isArray(logEvents)) {
    out.rejected.push({ reason: 'invalid_record', detail: `messageType ${JSON.stringify(payload['messageType'])} with ${Array.isArray(logEvents) ? 'logEvents' : 'no logEvents array'}`, value: { ...payload, logEvents: undefined } })
    return
  }
  if (typeof payload['logGroup'] === 'string') out.logGroups.add(payload['logGroup'])
  for (const e of logEvents) {
    if (!isObject(e) || typeof e['message'] !== 'string') {
      out.rejected.push({ reason: 'invalid_record', detail: 'a log event without a string message', value: e })
      continue
    }
    decodeLogMessage(e['message'], out)
  }
}
