import { classify, classifyDecoded, decodeAksRecord, decodeFirehoseRecords, decodeSubscriptionPayload, decodeLogMessage, emptyCloudWatchDecoded, decodePubSubMessage, mapEntry, parsePubSubPush, type Classified, type ParsedValue } from '@vigil/ingest'

/** What `vigil analyze --format` accepts; `auto` decides per JSON value. */
export const INPUT_FORMATS = ['auto', 'audit', 'cloudwatch', 'gke', 'aks'] as const
export type InputFormat = (typeof INPUT_FORMATS)[number]

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const AKS_CATEGORIES = new Set(['kube-audit', 'kube-audit-admin'])
const MAX_RECORD_BYTES = 64 * 1024 * 1024

/** Recognises one JSON value's cloud format by its shape; `audit` when it is none of them. */
export function detectFormat(v: unknown): Exclude<InputFormat, 'auto'> {
  if (!isObject(v)) return 'audit'
  if (isObject(v['protoPayload']) || (isObject(v['message']) && 'data' in v['message'])) return 'gke'
  if (typeof v['messageType'] === 'string' || (typeof v['requestId'] === 'string' && Array.isArray(v['records']))) return 'cloudwatch'
  if (Array.isArray(v['events']) && v['events'].some((e) => isObject(e) && typeof e['message'] === 'string' && 'timestamp' in e)) return 'cloudwatch'
  if (Array.isArray(v['records']) || (typeof v['category'] === 'string' && isObject(v['properties']))) return 'aks'
  return 'audit'
}

function cloudwatch(v: unknown): Classified {
  const out = emptyCloudWatchDecoded()
  if (isObject(v) && typeof v['requestId'] === 'string' && Array.isArray(v['records'])) {
    // A Firehose HTTP endpoint request body saved to a file (or its S3 backup).
    const d = decodeFirehoseRecords(v['records'].filter((r): r is { data: string } => isObject(r) && typeof r['data'] === 'string'), { maxRecordBytes: MAX_RECORD_BYTES })
    return classifyDecoded(d.events, d.rejected)
  }
  if (isObject(v) && Array.isArray(v['events']) && v['messageType'] === undefined) {
    // `aws logs filter-log-events` / `get-log-events` output.
    for (const e of v['events']) if (isObject(e) && typeof e['message'] === 'string') decodeLogMessage(e['message'], out)
    return classifyDecoded(out.events, out.rejected)
  }
  decodeSubscriptionPayload(v, out)
  return classifyDecoded(out.events, out.rejected)
}

function gke(v: unknown, where: string): Classified {
  if (isObject(v) && isObject(v['message']) && !isObject(v['protoPayload'])) {
    try {
      const d = decodePubSubMessage(parsePubSubPush(v), MAX_RECORD_BYTES)
      return classifyDecoded(d.events, d.rejected)
    } catch (err) {
      return classifyDecoded([], [{ reason: 'invalid_record', detail: (err as Error).message, value: undefined }])
    }
  }
  const d = mapEntry(v, where)
  return classifyDecoded(d.events, d.rejected)
}

function aks(v: unknown): Classified {
  const out = { events: [], rejected: [], skipped: 0, latestTimeMs: undefined }
  if (isObject(v) && Array.isArray(v['records'])) for (const r of v['records']) decodeAksRecord(r, AKS_CATEGORIES, out)
  else decodeAksRecord(v, AKS_CATEGORIES, out)
  return classifyDecoded(out.events, out.rejected)
}

/**
 * Turns one parsed value of an input file into audit Events, in the given
 * format (or the one its shape shows). GKE entries are converted with the
 * same mapping the Pub/Sub route uses; CloudWatch and AKS records carry the
 * native Event.
 */
export function classifyValue(p: ParsedValue, format: InputFormat): Classified {
  if (p.error !== undefined) return classify([p])
  const values = Array.isArray(p.value) && format !== 'audit' && p.value.some((x) => detectFormat(x) !== 'audit') ? p.value : [p.value]
  const merged: Classified = { events: [], texts: [], rejected: [], candidates: 0 }
  for (const v of values) {
    const f = format === 'auto' ? detectFormat(v) : format
    const c = f === 'audit' ? classify([values.length === 1 ? p : { value: v, line: p.line, text: '' }]) : f === 'cloudwatch' ? cloudwatch(v) : f === 'gke' ? gke(v, `line ${p.line}`) : aks(v)
    merged.events.push(...c.events)
    merged.texts.push(...c.texts)
    merged.rejected.push(...c.rejected)
    merged.candidates += c.candidates
  }
  return merged
}
