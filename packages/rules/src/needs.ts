import type { Stage } from '@vigil/core'
import type { Match } from './schema.js'

/**
 * What a rule needs from the audit policy, derived from what it reads, so it
 * cannot drift from the condition (ADR 0012).
 *
 * The apiserver fills an event as the request moves through its handler
 * chain. At `RequestReceived` (emitted by the audit filter, before
 * impersonation, authorization, admission and the handler) an event carries
 * only who asked for what: verb, user, objectRef, requestURI, sourceIPs,
 * userAgent, level and timestamps. Impersonation, the authorization and
 * admission annotations, the request body and the response code exist from
 * `ResponseStarted` (long-running requests only) or `ResponseComplete`; the
 * response body only at `ResponseComplete`.
 */
export interface RuleNeeds {
  /** The stages whose events carry everything the rule reads, in request order. A rule is judged at the first of them the policy keeps. */
  stages: readonly Stage[]
  /** The lowest audit level at which the rule can fire. */
  level: 'Metadata' | 'Request' | 'RequestResponse'
  /** The event fields (roots) that set `stages` and `level`, for docs and coverage reports. */
  because: readonly string[]
}

export const REQUEST_STAGES: readonly Stage[] = ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic']
const RESPONSE_STAGES: readonly Stage[] = ['ResponseStarted', 'ResponseComplete', 'Panic']
const COMPLETE_STAGES: readonly Stage[] = ['ResponseComplete', 'Panic']

/** Roots an event has only once the request has passed authorization (and, for bodies, decoding). */
const AFTER_AUTHORIZATION = new Set(['responseStatus', 'annotations', 'impersonatedUser', 'requestObject', 'event'])

/**
 * The needs of a rule that reads the CEL variable roots `roots` (its
 * condition, macros, exceptions and threshold keys together) with `match`.
 * `event` (the whole event) counts as after authorization and, being
 * able to read anything, as needing no more than Metadata: a rule that reads
 * bodies through it is not recognised as needing them.
 */
export function ruleNeeds(roots: Iterable<string>, match: Pick<Match, 'response_codes' | 'annotations' | 'impersonated'>): RuleNeeds {
  const read = new Set(roots)
  if (match.response_codes !== undefined) read.add('responseStatus')
  if (match.annotations !== undefined) read.add('annotations')
  if (match.impersonated !== undefined) read.add('impersonatedUser')
  const because = [...read].filter((r) => AFTER_AUTHORIZATION.has(r) || r === 'responseObject').sort()
  const stages = read.has('responseObject') ? COMPLETE_STAGES : because.length > 0 ? RESPONSE_STAGES : REQUEST_STAGES
  const level = read.has('responseObject') ? 'RequestResponse' : read.has('requestObject') ? 'Request' : 'Metadata'
  return { stages, level, because }
}
