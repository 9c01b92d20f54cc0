/**
 * The subset of the OCSF 1.8.0 dictionary that vigil's findings use: per
 * class, the required attributes and every attribute that may appear; per
 * object, the same; and the enumerations. Taken from the 1.8.0 definitions as
 * summarised in notes/evidence-formats.md §2.1 and the fixture examples.
 * `check` returns every problem, so a test can assert it finds one.
 */

type Json = Record<string, unknown>

const BASE_REQUIRED = ['activity_id', 'category_uid', 'class_uid', 'type_uid', 'time', 'severity_id', 'metadata', 'finding_info']
const BASE_KNOWN = [
  ...BASE_REQUIRED,
  'activity_name', 'category_name', 'class_name', 'type_name', 'severity', 'status_id', 'status', 'status_code', 'status_detail',
  'message', 'start_time', 'end_time', 'count', 'duration', 'timezone_offset', 'raw_data', 'unmapped', 'observables', 'enrichments',
  'resources', 'remediation', 'confidence_id', 'confidence', 'confidence_score', 'comment', 'vendor_attributes',
]

export const CLASSES: Record<number, { name: string; required: string[]; known: string[] }> = {
  2003: { name: 'Compliance Finding', required: [...BASE_REQUIRED, 'compliance'], known: [...BASE_KNOWN, 'compliance', 'resource', 'evidences'] },
  2004: { name: 'Detection Finding', required: BASE_REQUIRED, known: [...BASE_KNOWN, 'evidences', 'impact', 'impact_id', 'impact_score', 'risk_level', 'risk_level_id', 'risk_score', 'risk_details', 'vulnerabilities', 'anomaly_analyses', 'malware', 'malware_scan_info'] },
}

const OBJECTS: Record<string, { required: string[]; known: string[] }> = {
  metadata: { required: ['product', 'version'], known: ['product', 'version', 'log_name', 'original_time', 'tenant_uid', 'reporter', 'uid', 'event_code', 'correlation_uid', 'profiles', 'labels', 'processed_time', 'logged_time', 'data_classification', 'data_classifications', 'log_provider', 'log_version', 'sequence', 'source', 'tags', 'extensions'] },
  product: { required: [], known: ['name', 'vendor_name', 'version', 'uid', 'lang', 'path', 'cpe_name', 'feature', 'url_string'] },
  finding_info: { required: ['uid'], known: ['uid', 'title', 'analytic', 'desc', 'created_time', 'modified_time', 'first_seen_time', 'last_seen_time', 'types', 'data_sources', 'attacks', 'related_events', 'related_events_count', 'src_url', 'product', 'kill_chain', 'related_analytics', 'tags', 'traits', 'uid_alt'] },
  analytic: { required: ['type_id'], known: ['type_id', 'type', 'uid', 'name', 'version', 'desc', 'category', 'algorithm', 'related_analytics', 'state', 'state_id'] },
  resource_details: { required: [], known: ['uid', 'name', 'role_id', 'role', 'type', 'namespace', 'labels', 'data', 'group', 'region', 'owner', 'hostname', 'ip', 'cloud_partition', 'criticality', 'tags', 'version', 'zone', 'agent_list', 'uid_alt'] },
  observable: { required: ['type_id'], known: ['type_id', 'type', 'name', 'value', 'reputation', 'event_uid'] },
  compliance: { required: [], known: ['standards', 'control', 'status_id', 'status', 'requirements', 'checks', 'status_detail', 'desc', 'category', 'control_parameters', 'assessments', 'status_code', 'status_details'] },
  check: { required: [], known: ['uid', 'name', 'status_id', 'status', 'standards', 'desc', 'severity', 'severity_id', 'version'] },
  remediation: { required: ['desc'], known: ['desc', 'references', 'kb_article_list', 'cis_controls'] },
}

export const ENUMS = {
  activity_id: { 1: 'Create', 2: 'Update', 3: 'Close', 0: 'Unknown', 99: 'Other' } as Record<number, string>,
  severity_id: { 0: 'Unknown', 1: 'Informational', 2: 'Low', 3: 'Medium', 4: 'High', 5: 'Critical', 6: 'Fatal', 99: 'Other' } as Record<number, string>,
  status_id: { 0: 'Unknown', 1: 'New', 2: 'In Progress', 3: 'Suppressed', 4: 'Resolved', 5: 'Archived', 6: 'Deleted', 99: 'Other' } as Record<number, string>,
  compliance_status_id: { 0: 'Unknown', 1: 'Pass', 2: 'Warning', 3: 'Fail', 99: 'Other' } as Record<number, string>,
  analytic_type_id: { 0: 'Unknown', 1: 'Rule', 2: 'Behavioral', 3: 'Statistical', 4: 'Learning (ML/DL)', 5: 'Fingerprinting', 6: 'Tagging', 7: 'Keyword Match', 8: 'Regular Expressions', 9: 'Exact Data Match', 10: 'Partial Data Match', 11: 'Indexed Data Match', 99: 'Other' } as Record<number, string>,
  resource_role_id: { 0: 'Unknown', 1: 'Target', 2: 'Actor', 3: 'Affected', 4: 'Related', 99: 'Other' } as Record<number, string>,
}

function object(problems: string[], path: string, value: unknown, kind: keyof typeof OBJECTS): Json | undefined {
  if (value === undefined) return undefined
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${path}: not an object`)
    return undefined
  }
  const o = value as Json
  const spec = OBJECTS[kind]!
  for (const r of spec.required) if (o[r] === undefined) problems.push(`${path}.${r}: required, missing`)
  for (const k of Object.keys(o)) if (!spec.known.includes(k)) problems.push(`${path}.${k}: not an attribute of ${kind}`)
  return o
}

function enumValue(problems: string[], path: string, id: unknown, caption: unknown, table: Record<number, string>, captionFree = false): void {
  if (id === undefined) return
  if (typeof id !== 'number' || !(id in table)) {
    problems.push(`${path}: ${String(id)} is not a valid enum value`)
    return
  }
  if (caption !== undefined && id !== 99 && !captionFree && caption !== table[id]) problems.push(`${path}: caption ${String(caption)} does not match ${id} (${table[id]})`)
}

/** Every problem with one OCSF finding; an empty list means it conforms. */
export function check(event: Json): string[] {
  const problems: string[] = []
  if (event['class_uid'] === undefined) return ['class_uid: required, missing']
  const cls = CLASSES[event['class_uid'] as number]
  if (cls === undefined) return [`class_uid: ${String(event['class_uid'])} is not 2003 or 2004`]
  for (const r of cls.required) if (event[r] === undefined) problems.push(`${r}: required, missing`)
  for (const k of Object.keys(event)) if (!cls.known.includes(k)) problems.push(`${k}: not an attribute of ${cls.name}`)
  if (event['category_uid'] !== 2) problems.push('category_uid: not 2 (Findings)')
  if (event['class_name'] !== undefined && event['class_name'] !== cls.name) problems.push('class_name: does not match class_uid')
  const activity = event['activity_id'] as number
  enumValue(problems, 'activity_id', activity, event['activity_name'], ENUMS.activity_id)
  if (event['type_uid'] !== (event['class_uid'] as number) * 100 + activity) problems.push('type_uid: not class_uid * 100 + activity_id')
  enumValue(problems, 'severity_id', event['severity_id'], event['severity'], ENUMS.severity_id)
  enumValue(problems, 'status_id', event['status_id'], event['status'], ENUMS.status_id)
  for (const [k, v] of Object.entries(event)) {
    if ((k === 'time' || k.endsWith('_time')) && !(Number.isInteger(v) && (v as number) >= 1e12)) problems.push(`${k}: not epoch milliseconds`)
  }
  const meta = object(problems, 'metadata', event['metadata'], 'metadata')
  if (meta !== undefined) {
    if (meta['version'] !== '1.8.0') problems.push('metadata.version: not 1.8.0')
    object(problems, 'metadata.product', meta['product'], 'product')
  }
  const fi = object(problems, 'finding_info', event['finding_info'], 'finding_info')
  if (fi !== undefined) {
    for (const [k, v] of Object.entries(fi)) if (k.endsWith('_time') && !(Number.isInteger(v) && (v as number) >= 1e12)) problems.push(`finding_info.${k}: not epoch milliseconds`)
    const an = object(problems, 'finding_info.analytic', fi['analytic'], 'analytic')
    if (an !== undefined) enumValue(problems, 'finding_info.analytic.type_id', an['type_id'], an['type'], ENUMS.analytic_type_id)
  }
  ;((event['resources'] as unknown[] | undefined) ?? []).forEach((r, i) => {
    const o = object(problems, `resources[${i}]`, r, 'resource_details')
    if (o !== undefined) enumValue(problems, `resources[${i}].role_id`, o['role_id'], o['role'], ENUMS.resource_role_id)
  })
  ;((event['observables'] as unknown[] | undefined) ?? []).forEach((r, i) => object(problems, `observables[${i}]`, r, 'observable'))
  const comp = object(problems, 'compliance', event['compliance'], 'compliance')
  if (comp !== undefined) {
    enumValue(problems, 'compliance.status_id', comp['status_id'], comp['status'], ENUMS.compliance_status_id)
    ;((comp['checks'] as unknown[] | undefined) ?? []).forEach((c, i) => {
      const o = object(problems, `compliance.checks[${i}]`, c, 'check')
      if (o !== undefined) enumValue(problems, `compliance.checks[${i}].status_id`, o['status_id'], o['status'], ENUMS.compliance_status_id)
    })
  }
  object(problems, 'remediation', event['remediation'], 'remediation')
  return problems
}
