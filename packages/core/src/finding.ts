import { z } from 'zod'
import { Severity } from './severity.js'

export const ControlRole = z.enum(['population', 'exception', 'supporting'])
export type ControlRole = z.infer<typeof ControlRole>

export const ControlRef = z.strictObject({
  framework: z.enum(['soc2', 'hipaa', 'gdpr']),
  id: z.string().min(1),
  role: ControlRole,
})
export type ControlRef = z.infer<typeof ControlRef>

/** One rule firing on one event (or one window, for threshold rules). */
export const Finding = z.object({
  finding_id: z.string(),
  rule_id: z.string(),
  rule_version: z.string(),
  severity: Severity,
  title: z.string(),
  cluster: z.string(),
  audit_id: z.string(),
  stage: z.string(),
  event_time: z.string().describe('requestReceivedTimestamp of the event, RFC 3339'),
  user: z.string(),
  verb: z.string(),
  resource: z.string(),
  namespace: z.string(),
  name: z.string(),
  reason: z.string().describe('Why the rule matched, in words'),
  output: z.string().describe('The rule output template, rendered'),
  evidence: z.record(z.string(), z.unknown()).describe('The event fields the rule used, with their values'),
  tags: z.array(z.string()),
  controls: z.array(ControlRef),
})
export type Finding = z.infer<typeof Finding>
