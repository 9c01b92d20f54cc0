import type { paths } from './openapi'

type Get<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B } } } } } ? B : never
type Post<P extends keyof paths, S extends 200 | 201> = paths[P] extends { post: { responses: { [K in S]: { content: { 'application/json': infer B } } } } } ? B : never

/** The evidence and rules shapes the compliance and rules pages read, from the OpenAPI document. */
export type FrameworkSummary = Get<'/v1/frameworks/{framework}/summary'>
export type ControlSummary = FrameworkSummary['controls'][number]
export type AssessmentStatus = ControlSummary['status']
export type EvidenceReport = Post<'/v1/reports', 200>
export type Framework = EvidenceReport['framework']
export type Disposition = keyof EvidenceReport['exceptions']['by_disposition']
export type CoverageGap = EvidenceReport['coverage']['gaps'][number]
export type PopulationManifest = Get<'/v1/populations'>
export type Sample = Post<'/v1/samples', 200>
export type Attestation = Post<'/v1/attestations', 200>
export type RuleList = Get<'/v1/rules'>
export type RuleEntry = RuleList['items'][number]
export type RuleOne = Get<'/v1/rules/{id}'>
export type ReportFormat = NonNullable<NonNullable<paths['/v1/reports/{id}']['get']['parameters']['query']>['format']>
