import { z } from 'zod'
import { ControlRef, Severity } from '@vigil/core'
import type { CompiledRule } from './compile.js'
import { Match } from './schema.js'

/**
 * A rule as people read it: what the rule file declares (match, condition,
 * exceptions, examples) and where it is defined. Served by GET /v1/rules, so
 * the console and scripts show the rules the analyzer runs.
 */
export const RuleView = z.object({
  id: z.string(),
  pack: z.string().describe('The id up to the first dot: the pack the rule belongs to'),
  version: z.number().int(),
  title: z.string(),
  description: z.string(),
  severity: Severity,
  enabled: z.boolean(),
  inert: z.boolean().describe('Its condition is false whatever the event, until a list it reads is filled'),
  tags: z.array(z.string()),
  controls: z.array(ControlRef),
  match: Match,
  condition: z.string().describe('CEL over the event'),
  metadata_condition: z.string().nullable().describe('The condition for events logged without a body, if the rule has one'),
  threshold: z.object({ count: z.number().int(), window: z.string(), by: z.array(z.string()), distinct: z.string().nullable() }).nullable(),
  exceptions: z.array(z.object({ name: z.string(), reason: z.string(), approver: z.string(), expires: z.string().nullable() })),
  output: z.string(),
  examples: z
    .array(
      z.object({
        name: z.string(),
        fires: z.boolean(),
        events: z.array(z.record(z.string(), z.unknown())).describe('The partial audit events of the example (one, or a sequence for a threshold rule)'),
      }),
    )
    .describe('The examples shipped with the rule, run in CI by the same evaluator'),
  source: z.string().describe('file:line:column where the rule is defined'),
})
export type RuleView = z.infer<typeof RuleView>

export function ruleView(r: CompiledRule): RuleView {
  return {
    id: r.id,
    pack: r.id.slice(0, r.id.indexOf('.')),
    version: r.version,
    title: r.title,
    description: r.description,
    severity: r.severity,
    enabled: r.enabled,
    inert: r.inert,
    tags: r.tags,
    controls: r.controls,
    match: r.matchSpec,
    condition: r.conditionText,
    metadata_condition: r.metadataCondition?.text ?? null,
    threshold: r.threshold === undefined ? null : { count: r.threshold.count, window: r.threshold.window, by: r.threshold.by, distinct: r.threshold.distinct ?? null },
    exceptions: r.exceptions.map((e) => ({ name: e.name, reason: e.reason, approver: e.approver, expires: e.expires ?? null })),
    output: r.output,
    examples: r.tests.map((t) => ({ name: t.name, fires: t.fires, events: t.events ?? (t.event === undefined ? [] : [t.event]) })),
    source: r.source,
  }
}
