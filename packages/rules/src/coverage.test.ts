import { describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { AuditPolicyRule, parseAuditPolicy, type AuditPolicy } from './audit-policy.js'
import { compileRules } from './compile.js'
import { policyCoverage, type RuleCoverage } from './coverage.js'

const rule = (id: string, body: string) => `  - id: ${id}\n    title: ${id}\n    description: d\n    severity: medium\n    output: o\n${body}`
const RULES = compileRules([
  {
    file: 't.yaml',
    text: `rules:
${rule('t.exec', '    match: { verbs: [get, create], resources: [pods/exec] }\n    condition: requestURI.contains("command=")\n')}
${rule('t.cm-creds', '    match: { verbs: [create, update, patch], resources: [configmaps], response_codes: [2xx] }\n    condition: has(requestObject.data)\n')}
${rule('t.role-created', '    match: { verbs: [create], resources: [roles.rbac.authorization.k8s.io] }\n    condition: has(responseObject.rules)\n')}
${rule('t.events-deleted', '    match: { verbs: [delete, deletecollection], resources: [events, events.events.k8s.io] }\n    condition: "true"\n')}
${rule('t.ns-fallback', '    match: { verbs: [create], resources: [namespaces] }\n    condition: requestObject.metadata.name != "default"\n    metadata_condition: objectRef.name != "default"\n')}
${rule('t.scale', '    match: { verbs: [patch, update], resources: [deployments.apps/scale] }\n    condition: "true"\n')}
${rule('t.anon', '    match: { users: { include: ["system:anonymous"] }, response_codes: [2xx] }\n    condition: "true"\n')}
${rule('t.off', '    enabled: false\n    match: { verbs: [create], resources: [secrets] }\n    condition: has(requestObject.type)\n')}
`,
  },
])

/**
 * Modelled on the policy kube-up writes for GCE masters (cluster/gce/gci/configure-helper.sh),
 * which GKE's default follows: noise at None, Secrets and ConfigMaps at Metadata,
 * reads of known groups at Request, their writes at RequestResponse, the rest Metadata.
 */
const KNOWN = ['', 'admissionregistration.k8s.io', 'apps', 'authentication.k8s.io', 'authorization.k8s.io', 'batch', 'certificates.k8s.io', 'networking.k8s.io', 'policy', 'rbac.authorization.k8s.io', 'storage.k8s.io']
const GCE_LIKE = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: None
    users: ["system:kube-proxy"]
    verbs: ["watch"]
    resources: [{ group: "", resources: ["endpoints", "services", "services/status"] }]
  - level: None
    userGroups: ["system:nodes"]
    verbs: ["get"]
    resources: [{ group: "", resources: ["nodes", "nodes/status"] }]
  - level: None
    nonResourceURLs: ["/healthz*", "/version", "/swagger*"]
  - level: None
    resources: [{ group: "", resources: ["events"] }]
  - level: Request
    userGroups: ["system:nodes"]
    verbs: ["update", "patch"]
    resources: [{ group: "", resources: ["nodes/status", "pods/status"] }]
    omitStages: ["RequestReceived"]
  - level: Metadata
    resources:
      - { group: "", resources: ["secrets", "configmaps", "serviceaccounts/token"] }
      - { group: authentication.k8s.io, resources: ["tokenreviews"] }
    omitStages: ["RequestReceived"]
  - level: Request
    verbs: ["get", "list", "watch"]
    resources: [${KNOWN.map((g) => `{ group: "${g}" }`).join(', ')}]
    omitStages: ["RequestReceived"]
  - level: RequestResponse
    resources: [${KNOWN.map((g) => `{ group: "${g}" }`).join(', ')}]
    omitStages: ["RequestReceived"]
  - level: Metadata
    omitStages: ["RequestReceived"]
`

/** What many managed clusters and log pipelines keep: everything, at Metadata, completed requests only. */
const METADATA_ONLY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: [RequestReceived, ResponseStarted]
rules:
  - level: Metadata
`

const cover = (yaml: string) => {
  const report = policyCoverage(RULES, parseAuditPolicy(yaml, 'p.yaml'))
  const by = new Map(report.rules.map((r) => [r.rule_id, r]))
  return { report, get: (id: string) => by.get(id) as RuleCoverage }
}
const statuses = (yaml: string) => Object.fromEntries(cover(yaml).report.rules.map((r) => [r.rule_id, r.status]))

describe('policyCoverage', () => {
  it('under a GCE-like default: ConfigMap bodies and Event deletions are never seen; RBAC and exec are', () => {
    expect(statuses(GCE_LIKE)).toEqual({
      't.exec': 'covered',
      't.cm-creds': 'blind',
      't.role-created': 'covered',
      't.events-deleted': 'degraded',
      't.ns-fallback': 'covered',
      't.scale': 'covered',
      't.anon': 'covered',
    })
    const { get } = cover(GCE_LIKE)
    expect(get('t.cm-creds').gaps.map((g) => [g.request, g.policy_rule, g.level, g.problem])).toEqual([
      ['create configmaps', 5, 'Metadata', 'no_body'],
      ['update configmaps', 5, 'Metadata', 'no_body'],
      ['patch configmaps', 5, 'Metadata', 'no_body'],
    ])
    // core Events are dropped; events.k8s.io Events fall to the RequestResponse rule.
    const events = get('t.events-deleted')
    expect(events.gaps.map((g) => [g.request, g.problem])).toEqual([
      ['delete events', 'not_logged'],
      ['deletecollection events', 'not_logged'],
    ])
  })

  it('suggests policy lines that, inserted where it says, cover the rule', () => {
    const policy = parseAuditPolicy(GCE_LIKE, 'p.yaml')
    const suggestion = cover(GCE_LIKE).get('t.cm-creds').suggestion as string
    expect(suggestion).toMatch(/^# insert before policy rule 5\n- level: Request\n {2}verbs: \[create, update, patch\]\n/)
    const lines = (parse(suggestion) as unknown[]).map((r) => AuditPolicyRule.parse(r))
    const fixed: AuditPolicy = { ...policy, rules: [...policy.rules.slice(0, 5), ...lines, ...policy.rules.slice(5)] }
    const after = policyCoverage(RULES, fixed).rules.find((r) => r.rule_id === 't.cm-creds')
    expect(after?.status).toBe('covered')
    // Reads stay at Metadata: the suggestion names only the verbs that carry a body.
    expect(lines.flatMap((l) => l.verbs ?? [])).not.toContain('get')
  })

  it('under Metadata only: body rules are blind, a rule with a metadata_condition is degraded, request-field rules are covered', () => {
    expect(statuses(METADATA_ONLY)).toEqual({
      't.exec': 'covered',
      't.cm-creds': 'blind',
      't.role-created': 'blind',
      't.events-deleted': 'covered',
      't.ns-fallback': 'degraded',
      't.scale': 'covered',
      't.anon': 'covered',
    })
    const { get } = cover(METADATA_ONLY)
    expect(get('t.ns-fallback').gaps).toEqual([{ request: 'create namespaces', policy_rule: 0, level: 'Metadata', problem: 'fallback', detail: 'policy rule 0: logged at Metadata; judged by the metadata condition' }])
    expect(get('t.role-created').gaps[0]?.detail).toBe('policy rule 0: logged at Metadata; the rule reads responseObject and needs RequestResponse')
    expect(get('t.role-created').needs).toEqual({ level: 'RequestResponse', stages: ['ResponseComplete'] })
  })

  it('leaves out disabled rules', () => {
    expect(cover(METADATA_ONLY).report.rules.map((r) => r.rule_id)).not.toContain('t.off')
    expect(cover(METADATA_ONLY).report.summary).toEqual({ covered: 4, degraded: 1, blind: 2 })
  })

  it('a policy keeping only RequestReceived blinds every rule that reads the outcome, and says which stage to keep', () => {
    const { get } = cover(`apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [ResponseStarted, ResponseComplete]\nrules:\n  - level: RequestResponse\n`)
    expect(get('t.exec').status).toBe('covered')
    expect(get('t.anon').status).toBe('blind')
    expect(get('t.anon').gaps[0]?.problem).toBe('no_stage')
    expect(get('t.cm-creds').suggestion).toContain('remove it from omitStages')
  })

  it('ResponseStarted alone serves only long-running requests', () => {
    const yaml = `apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived, ResponseComplete]\nrules:\n  - level: RequestResponse\n`
    const { get } = cover(yaml)
    expect(get('t.exec').status).toBe('covered')
    expect(get('t.cm-creds').status).toBe('blind')
    expect(get('t.role-created').status).toBe('blind')
  })

  it('a narrower policy rule for some users or names degrades a rule that names the resource, not one that reads any request', () => {
    const yaml = `apiVersion: audit.k8s.io/v1
kind: Policy
rules:
  - level: None
    users: [ci-bot]
    resources: [{ group: "", resources: [configmaps] }]
  - level: Metadata
    resources: [{ group: "", resources: [configmaps], resourceNames: [cluster-info] }]
  - level: None
    userGroups: [system:nodes]
  - level: RequestResponse
`
    const { get } = cover(yaml)
    const cm = get('t.cm-creds')
    expect(cm.status).toBe('degraded')
    expect(cm.gaps.filter((g) => g.request === 'create configmaps').map((g) => g.detail)).toEqual([
      'policy rule 0 (for some users): logged at None',
      'policy rule 1 (for some object names): logged at Metadata; the rule reads requestObject, responseStatus and needs Request',
      'policy rule 2 (for some groups): logged at None',
    ])
    expect(get('t.anon').status).toBe('covered')
  })

  it('follows the apiserver: "*/scale" and "pods/*" match subresources, a resource name alone does not', () => {
    const policy = (entry: string) => `apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    resources: [{ group: "${entry.split(' ')[0]}", resources: ["${entry.split(' ')[1]}"] }]\n  - level: RequestResponse\n`
    expect(cover(policy('apps */scale')).get('t.scale').status).toBe('blind')
    expect(cover(policy('apps deployments')).get('t.scale').status).toBe('covered')
    expect(cover(policy(' pods/*')).get('t.exec').status).toBe('blind')
    expect(cover(policy(' pods')).get('t.exec').status).toBe('covered')
    expect(cover(policy(' pods/exec')).get('t.exec').status).toBe('blind')
    expect(cover(policy('apps *')).get('t.scale').status).toBe('blind')
  })

  it('at Request level a rule that reads the response body is degraded, not blind: the engine judges it on the request', () => {
    const { get } = cover(`apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Request\n`)
    expect(get('t.role-created').status).toBe('degraded')
    expect(get('t.role-created').gaps[0]?.problem).toBe('no_response_body')
    expect(get('t.cm-creds').status).toBe('covered')
  })

  it('a request no policy rule matches is not logged', () => {
    const { get } = cover(`apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: RequestResponse\n    resources: [{ group: rbac.authorization.k8s.io }]\n`)
    expect(get('t.role-created').status).toBe('covered')
    expect(get('t.exec').status).toBe('blind')
    expect(get('t.exec').gaps[0]).toMatchObject({ policy_rule: undefined, level: 'None', problem: 'not_logged' })
    expect(get('t.exec').suggestion).toContain('# append to the rules')
  })
})

describe('parseAuditPolicy', () => {
  it('names every problem with its path, and refuses a misspelt key that would widen a rule', () => {
    expect(() => parseAuditPolicy('apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Metadata\n    resource: [{ group: "" }]\n  - level: Loud\n', 'p.yaml')).toThrow(
      /p\.yaml: not an audit policy:\n {2}- rules\[0\]: Unrecognized key: "resource"\n {2}- rules\[1\]\.level: Invalid option/,
    )
    expect(() => parseAuditPolicy('kind: Pod\n', 'p.yaml')).toThrow(/apiVersion: Invalid option[\s\S]*kind: Invalid input: expected "Policy"/)
    expect(() => parseAuditPolicy('rules: [\n', 'p.yaml')).toThrow(/p\.yaml: not YAML/)
    expect(parseAuditPolicy(METADATA_ONLY, 'p.yaml').omitStages).toEqual(['RequestReceived', 'ResponseStarted'])
  })
})
