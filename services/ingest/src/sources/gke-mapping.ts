/**
 * Cloud Audit Logs `LogEntry` (protoPayload AuditLog, serviceName k8s.io) →
 * `audit.k8s.io/v1` Event. Pure. GKE rebuilds its entries from the
 * apiserver's events and drops fields on the way; every field that cannot be
 * recovered is named in the UNRECOVERED_ANNOTATION, and values vigil had to
 * infer are marked too, so a finding on a GKE event says what it rests on.
 */

/** Comma-separated Event fields the LogEntry did not carry. */
export const UNRECOVERED_ANNOTATION = 'vigil.dev/unrecovered-fields'
/** Comma-separated Event fields vigil inferred rather than read. */
export const INFERRED_ANNOTATION = 'vigil.dev/inferred-fields'
/** The cloud source an event was converted from. */
export const SOURCE_FORMAT_ANNOTATION = 'vigil.dev/source-format'

/** Always lost on GKE: the AuditLog has no place for them. */
const ALWAYS_LOST = ['user.groups', 'user.uid', 'user.extra', 'impersonatedUser', 'responseStatus.reason', 'requestURI.query']

export type GkeMapping =
  | { ok: true; event: Record<string, unknown>; unrecovered: string[] }
  | { ok: false; detail: string }

type Obj = Record<string, unknown>
const isObject = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined)

/** google.rpc.Code → the HTTP status the apiserver would have answered. */
const RPC_TO_HTTP: Record<number, number> = { 0: 200, 1: 499, 2: 500, 3: 400, 4: 504, 5: 404, 6: 409, 7: 403, 8: 429, 9: 400, 10: 409, 11: 400, 12: 501, 13: 500, 14: 503, 15: 500, 16: 401 }
const STREAMING = new Set(['exec', 'attach', 'portforward', 'proxy'])

function withoutType(v: unknown): unknown {
  if (!isObject(v) || !('@type' in v)) return v
  const out: Obj = {}
  for (const k in v) if (k !== '@type') out[k] = v[k]
  return out
}

const ACTIVITY = 'cloudaudit.googleapis.com%2Factivity'
const DATA_ACCESS = 'cloudaudit.googleapis.com%2Fdata_access'

interface ParsedResource {
  objectRef: Obj
  path: string
}

/** `core/v1/namespaces/<ns>/pods/<name>[/<sub>]` or `<g>/<v>/<res>[/<name>[/<sub>]]`. */
function parseResourceName(name: string): ParsedResource | undefined {
  const p = name.split('/')
  if (p.length < 3 || p.some((s) => s === '')) return undefined
  const group = p[0] as string
  const version = p[1] as string
  const ref: Obj = { apiGroup: group === 'core' ? '' : group, apiVersion: version }
  let rest: string[]
  if (p[2] === 'namespaces' && p.length >= 5) {
    ref['namespace'] = p[3]
    rest = p.slice(4)
  } else rest = p.slice(2)
  ref['resource'] = rest[0]
  if (rest[1] !== undefined) ref['name'] = rest[1]
  if (rest[2] !== undefined) ref['subresource'] = rest.slice(2).join('/')
  const prefix = group === 'core' ? '/api/v1' : `/apis/${group}/${version}`
  return { objectRef: ref, path: `${prefix}/${p.slice(2).join('/')}` }
}

/** Maps one LogEntry; `{ok:false}` for entries that are not Kubernetes audit entries or lack what every Event needs. */
export function mapGkeLogEntry(entry: unknown): GkeMapping {
  if (!isObject(entry)) return { ok: false, detail: 'the LogEntry is not an object' }
  const pp = entry['protoPayload']
  if (!isObject(pp)) return { ok: false, detail: 'the LogEntry has no protoPayload (not a Cloud Audit Logs entry)' }
  const type = pp['@type']
  if (type !== undefined && type !== 'type.googleapis.com/google.cloud.audit.AuditLog') return { ok: false, detail: `protoPayload @type ${JSON.stringify(type)} is not AuditLog` }
  if (pp['serviceName'] !== 'k8s.io') return { ok: false, detail: `serviceName ${JSON.stringify(pp['serviceName'])} is not k8s.io` }
  const logName = entry['logName']
  if (logName !== undefined && (typeof logName !== 'string' || !(logName.endsWith(ACTIVITY) || logName.endsWith(DATA_ACCESS)))) {
    return { ok: false, detail: `logName ${JSON.stringify(logName)} is not an activity or data_access audit log` }
  }
  const resource = entry['resource']
  if (isObject(resource) && resource['type'] !== undefined && resource['type'] !== 'k8s_cluster') return { ok: false, detail: `resource.type ${JSON.stringify(resource['type'])} is not k8s_cluster` }

  const operation = isObject(entry['operation']) ? entry['operation'] : undefined
  const auditID = str(entry['insertId']) ?? str(operation?.['id'])
  if (auditID === undefined) return { ok: false, detail: 'the LogEntry has neither insertId nor operation.id' }
  const time = str(entry['timestamp']) ?? str(entry['receiveTimestamp'])
  if (time === undefined) return { ok: false, detail: 'the LogEntry has neither timestamp nor receiveTimestamp' }
  const method = str(pp['methodName'])
  if (method === undefined) return { ok: false, detail: 'protoPayload.methodName is missing' }
  const verb = method.slice(method.lastIndexOf('.') + 1)

  const unrecovered = [...ALWAYS_LOST]
  const inferred = ['responseStatus.code', 'stage', 'level', 'requestURI']
  const event: Obj = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', auditID, verb }

  const resourceName = str(pp['resourceName'])
  const parsed = resourceName === undefined ? undefined : parseResourceName(resourceName)
  if (parsed !== undefined) {
    event['objectRef'] = parsed.objectRef
    event['requestURI'] = parsed.path
  } else {
    unrecovered.push('objectRef')
    event['requestURI'] = resourceName === undefined ? '/' : `/${resourceName}`
  }
  const subresource = parsed?.objectRef['subresource']
  const streaming = typeof subresource === 'string' && STREAMING.has(subresource)

  const authn = isObject(pp['authenticationInfo']) ? pp['authenticationInfo'] : {}
  const username = str(authn['principalEmail'])
  if (username === undefined) unrecovered.push('user.username')
  event['user'] = username === undefined ? {} : { username }

  const meta = isObject(pp['requestMetadata']) ? pp['requestMetadata'] : {}
  const ip = str(meta['callerIp'])
  if (ip !== undefined) event['sourceIPs'] = [ip]
  else unrecovered.push('sourceIPs')
  const ua = str(meta['callerSuppliedUserAgent'])
  if (ua !== undefined) event['userAgent'] = ua
  else unrecovered.push('userAgent')

  const status = isObject(pp['status']) ? pp['status'] : {}
  const rpc = typeof status['code'] === 'number' ? status['code'] : 0
  let code = RPC_TO_HTTP[rpc] ?? 500
  if (rpc === 0 && streaming) code = 101
  else if (rpc === 0 && verb === 'create') code = 201
  const responseStatus: Obj = { code }
  const message = str(status['message'])
  if (message !== undefined) responseStatus['message'] = message
  if (rpc !== 0) responseStatus['status'] = 'Failure'
  event['responseStatus'] = responseStatus

  const request = pp['request']
  const response = pp['response']
  if (request !== undefined) event['requestObject'] = withoutType(request)
  else unrecovered.push('requestObject')
  if (response !== undefined) event['responseObject'] = withoutType(response)
  else unrecovered.push('responseObject')
  event['level'] = response !== undefined ? 'RequestResponse' : request !== undefined ? 'Request' : 'Metadata'
  event['stage'] = streaming ? 'ResponseStarted' : 'ResponseComplete'
  event['requestReceivedTimestamp'] = time
  event['stageTimestamp'] = time
  unrecovered.push('requestReceivedTimestamp.precision')

  const annotations: Record<string, string> = {}
  const labels = entry['labels']
  if (isObject(labels)) for (const [k, v] of Object.entries(labels)) if (typeof v === 'string') annotations[k] = v
  if (!('authorization.k8s.io/decision' in annotations) && Array.isArray(pp['authorizationInfo'])) {
    const infos = pp['authorizationInfo'].filter(isObject)
    if (infos.length > 0) {
      annotations['authorization.k8s.io/decision'] = infos.every((i) => i['granted'] === true) ? 'allow' : 'forbid'
      inferred.push('annotations.authorization.k8s.io/decision')
    }
  }
  annotations[SOURCE_FORMAT_ANNOTATION] = 'gke-logentry'
  annotations[UNRECOVERED_ANNOTATION] = unrecovered.join(',')
  annotations[INFERRED_ANNOTATION] = inferred.join(',')
  event['annotations'] = annotations
  return { ok: true, event, unrecovered }
}
