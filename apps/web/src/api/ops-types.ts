import type { operations } from './openapi'

/** The JSON body an operation answers with on its success status. */
type Ok<O extends keyof operations, S extends number = 200> = operations[O]['responses'] extends Record<S, { content: { 'application/json': infer B } }> ? B : never
/** The JSON body an operation takes. */
type Body<O extends keyof operations> = operations[O] extends { requestBody: { content: { 'application/json': infer B } } } ? B : operations[O] extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never

export type TriageView = Ok<'getFindingReviews'>
export type Transition = TriageView['transitions'][number]
export type FindingState = TriageView['state']
export type Disposition = NonNullable<TriageView['disposition']>
export type TransitionBody = Body<'transitionFinding'>
export type BulkTriageBody = Body<'bulkTriage'>
export type BulkTriageResult = Ok<'bulkTriage'>

export type AlertGroup = Ok<'listAlerts'>['items'][number]
export type Notification = Ok<'listNotifications'>['items'][number]
export type Silence = Ok<'listSilences'>['items'][number]
export type SilenceBody = Body<'createSilence'>
export type Matcher = SilenceBody['matchers'][number]
export type Sink = Ok<'listSinks'>['items'][number]
