import { z } from 'zod'
import { ControlRef, Severity } from '@vigil/core'

/** A rule file's text and where it came from. */
export interface RuleSource {
  file: string
  text: string
}

/** A glob over names (`*` matches any run of characters), or `$list` to use a named list. */
const Pattern = z.string().min(1)

const IncludeExclude = z.strictObject({
  include: z.array(Pattern).optional().describe('Matches when any pattern matches. Absent: everything.'),
  exclude: z.array(Pattern).optional().describe('Never matches when any pattern matches.'),
})

/** `2xx`, `400-499` or `403`. */
const CodeSpec = z.union([z.number().int().min(0).max(999), z.string().regex(/^(\dxx|\d{3}-\d{3}|\d{3})$/, 'expected 403, "4xx" or "400-499"')])

export const Match = z
  .strictObject({
    verbs: z.array(z.string().min(1)).optional().describe('Kubernetes verbs (get, list, create, …). Absent: any verb.'),
    resources: z
      .array(z.string().min(1))
      .optional()
      .describe('`resource[.group][/subresource]`, as RBAC writes them: `pods`, `pods/exec`, `deployments.apps`, `*.rbac.authorization.k8s.io`, `pods/*`. No group means the core group; `.*` means any group. Absent: any request, including non-resource URLs.'),
    subresources: z.array(z.string()).optional().describe('Allowed subresources ("" for none) when a resource entry names none. Absent: no subresource.'),
    namespaces: IncludeExclude.optional(),
    users: IncludeExclude.optional().describe('Globs over user.username.'),
    groups: IncludeExclude.optional().describe('Globs over user.groups.'),
    user_agents: IncludeExclude.optional().describe('Globs over userAgent ("" when absent).'),
    source_ips: z
      .strictObject({
        include: z.array(Pattern).optional().describe('Matches when any sourceIPs entry is in any of these.'),
        exclude: z.array(Pattern).optional().describe('Never matches when the connection address (the last sourceIPs entry, which cannot be forged) is in any of these.'),
      })
      .optional()
      .describe('Addresses, CIDRs, $lists of them, or the classes public, private, loopback, link-local and cloud-metadata.'),
    response_codes: z.array(CodeSpec).optional().describe('Absent: any code.'),
    annotations: z.array(z.string().min(1)).optional().describe('Annotation keys; matches when the event has any of them. Absent: no requirement.'),
    impersonated: z.boolean().optional().describe('true: only requests made by impersonation; false: only requests that were not. Absent: both.'),
  })
  .describe('A fast prefilter; the engine indexes rules by it.')
export type Match = z.infer<typeof Match>

export const RuleException = z.strictObject({
  name: z.string().min(1),
  reason: z.string().min(1),
  approver: z.string().min(1),
  expires: z.iso.date().optional().describe('YYYY-MM-DD (UTC). From this day on the exception no longer applies, and findings say so.'),
  match: Match.optional(),
  condition: z.string().min(1).optional().describe('CEL; the exception applies when it is true (and `match` matches).'),
})
export type RuleException = z.infer<typeof RuleException>

const Duration = z.string().regex(/^\d+(s|m|h|d)$/, 'expected a duration such as 30s, 5m, 1h or 1d')

export const Threshold = z
  .strictObject({
    count: z.number().int().min(1).describe('1 reports the first matching event per key and window (once-per-window deduplication).'),
    window: Duration,
    by: z.array(z.string().min(1)).min(1).describe('Fields or macros that key the state; must start with user.username (see ADR 0003).'),
    distinct: z.string().min(1).optional().describe('Count distinct values of this field or macro instead of events.'),
  })
  .describe('Fire once per window when `count` matching events (or distinct values) are seen for one key.')
export type Threshold = z.infer<typeof Threshold>

const PartialEvent = z.record(z.string(), z.unknown()).describe('A partial audit event; missing required fields get neutral defaults.')

export const RuleTest = z
  .strictObject({
    name: z.string().min(1),
    fires: z.boolean().describe('Whether the rule must produce a finding for this example.'),
    event: PartialEvent.optional(),
    events: z.array(PartialEvent).min(1).optional().describe('A sequence, for threshold rules: fires means the sequence reaches the threshold.'),
    cluster: z.string().optional(),
    lists: z.record(z.string(), z.array(z.string())).optional().describe('Lists to set for this example only, e.g. to show a rule that is inert while its list is empty.'),
  })
  .refine((t) => (t.event === undefined) !== (t.events === undefined), 'give exactly one of event and events')
export type RuleTest = z.infer<typeof RuleTest>

export const Rule = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*(\.[a-z0-9][a-z0-9-]*)+$/, 'expected pack.name, lower-case, e.g. rbac.cluster-admin-binding'),
  version: z.number().int().positive().default(1).describe('Bump when the meaning changes; it is part of every finding id.'),
  title: z.string().min(1),
  description: z.string().min(1),
  severity: Severity,
  enabled: z.boolean().default(true),
  match: Match.default({}),
  condition: z.string().min(1).default('true').describe('CEL over the event; see docs/rules.md for the variables.'),
  metadata_condition: z
    .string()
    .min(1)
    .optional()
    .describe('For a rule whose condition reads a body: the condition used instead on events logged without one (Metadata level), from what they do carry (the URI, the verb, the code). Absent: such events are not judged.'),
  exceptions: z.array(RuleException).default([]),
  output: z.string().min(1).describe('Message template; `{path}` inserts an event field.'),
  tags: z.array(z.string().min(1)).default([]),
  controls: z.array(ControlRef).default([]),
  threshold: Threshold.optional(),
  falco: z.array(z.string()).optional().describe('Falco k8saudit rules this rule covers, for the parity table.'),
  evidence: z
    .array(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z0-9_-]+|\["[^"]+"\])*(\[keys\])?$/, 'a field path such as objectRef.name, annotations["a/b"] or requestObject.data[keys]'))
    .optional()
    .describe('The fields a finding keeps as evidence, instead of every field the condition reads. `path[keys]` keeps only an object\'s keys (for values that must not be stored).'),
  tests: z.array(RuleTest).default([]),
})
export type Rule = z.infer<typeof Rule>

/** Overrides a rule defined in an earlier file: only these fields may change. */
export const RuleOverride = z.strictObject({
  id: z.string(),
  override: z.literal(true),
  enabled: z.boolean().optional(),
  severity: Severity.optional(),
  exceptions: z.array(RuleException).optional().describe('Appended to the rule\'s exceptions.'),
})
export type RuleOverride = z.infer<typeof RuleOverride>

export const ListDef = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected snake_case'),
  description: z.string().optional(),
  items: z.array(z.string()),
  append: z.boolean().default(false).describe('Add to a list defined in an earlier file instead of replacing it.'),
})
export type ListDef = z.infer<typeof ListDef>

export const MacroDef = z.strictObject({
  name: z.string().regex(/^[a-z_][a-z0-9_]*$/, 'expected snake_case'),
  description: z.string().optional(),
  condition: z.string().min(1),
})
export type MacroDef = z.infer<typeof MacroDef>

export const RuleFile = z.strictObject({
  lists: z.array(ListDef).default([]),
  macros: z.array(MacroDef).default([]),
  /** Each entry is a Rule, or a RuleOverride when it has `override: true`; checked one by one for precise errors. */
  rules: z.array(z.record(z.string(), z.unknown())).default([]),
})
export type RuleFile = z.infer<typeof RuleFile>
