import { randomUUID } from 'node:crypto'
import { AppError } from '@vigil/core'
import { deriveTriage, isOverSla, slaDueAt, type EvidenceConfig } from '@vigil/evidence'
import type { ControlFinding, Store, TransitionRow } from '@vigil/store'
import type { z } from 'zod'
import type { TriageView } from './evidence-schemas.js'
import { scopeClusters, type Principal } from './principals.js'

/** A finding in the caller's scope, or not_found. */
export async function findingInScope(store: Pick<Store, 'reviews'>, principal: Principal, id: string): Promise<ControlFinding> {
  const meta = await store.reviews.findingMeta(id, scopeClusters(principal, undefined))
  if (meta === undefined) throw new AppError('not_found', `no finding ${id}`)
  return meta
}

/** The triage of a finding now: state derived from its rows, SLA due time and whether it is past it. */
export function triageView(config: EvidenceConfig, meta: ControlFinding, rows: readonly TransitionRow[], now: Date): z.input<typeof TriageView> {
  const t = deriveTriage(rows, now.toISOString())
  return {
    finding_id: meta.finding_id,
    severity: meta.severity,
    state: t.state,
    disposition: t.state === 'resolved' ? t.disposition : null,
    expired: t.expired,
    pending: t.pending === null ? null : { request_id: t.pending.request_id, requested_by: t.pending.requested_by, requested_at: t.pending.requested_at, disposition: t.pending.disposition },
    detected_at: meta.detected_at,
    sla_due_at: slaDueAt(config.sla_hours, meta.severity, meta.detected_at),
    over_sla: isOverSla(config.sla_hours, { severity: meta.severity, detected_at: meta.detected_at, resolved: t.state === 'resolved' }, now.toISOString()),
    transitions: [...rows],
  }
}

/** A fresh transition id: transitions are never merged, so every row gets its own. */
export const newTransitionId = (): string => randomUUID()
