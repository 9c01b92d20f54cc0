import type { AuditEvent, Stage } from '@vigil/core'

/**
 * The stage sets every rule is checked under (ADR 0012): what an audit policy
 * with no `omitStages` sends, what the common `omitStages: [RequestReceived]`
 * sends, and what a pipeline that keeps only completed requests sends. A
 * rule's findings (per rule and auditID) must be the same under each.
 */
export const STAGE_SETS = {
  all: ['RequestReceived', 'ResponseStarted', 'ResponseComplete'],
  'omit-request-received': ['ResponseStarted', 'ResponseComplete'],
  'response-complete-only': ['ResponseComplete'],
} as const satisfies Record<string, readonly Stage[]>
export type StageSetName = keyof typeof STAGE_SETS

const LONG_RUNNING_SUBRESOURCES = new Set(['exec', 'attach', 'portforward', 'proxy'])

/** Whether the apiserver sends a ResponseStarted event for the request: watches and streaming subresources. */
export function isLongRunning(e: AuditEvent): boolean {
  return e.stage === 'ResponseStarted' || e.verb === 'watch' || LONG_RUNNING_SUBRESOURCES.has(e.objectRef?.subresource ?? '')
}

/**
 * The events the apiserver sends for the request one event describes, in
 * order: `RequestReceived` (who asked for what, before impersonation,
 * authorization, admission and the handler: no annotations, response status,
 * impersonated user or bodies), `ResponseStarted` for long-running requests
 * (no response body), and `ResponseComplete`.
 */
export function requestStages(e: AuditEvent): AuditEvent[] {
  const { annotations: _a, responseStatus: _s, requestObject: _q, responseObject: _r, impersonatedUser: _i, ...received } = e
  const out: AuditEvent[] = [{ ...received, stage: 'RequestReceived', stageTimestamp: e.requestReceivedTimestamp }]
  if (isLongRunning(e)) {
    const { responseObject: _ro, ...started } = e
    out.push({ ...started, stage: 'ResponseStarted' })
  }
  out.push({ ...e, stage: 'ResponseComplete' })
  return out
}

/** The events of `e`'s request that a policy keeping `stages` sends. */
export function eventsUnder(e: AuditEvent, stages: readonly Stage[]): AuditEvent[] {
  return requestStages(e).filter((x) => stages.includes(x.stage))
}
