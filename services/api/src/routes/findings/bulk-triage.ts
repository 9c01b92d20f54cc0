import { AppError, actorLabel, type Severity } from '@vigil/core'
import { deriveTriage, planTransition, type TransitionRecord } from '@vigil/evidence'
import type { TransitionRow } from '@vigil/store'
import { defineRoute, type RouteDeps } from '../../route.js'
import { actorOf, scopeClusters } from '../../principals.js'
import { BulkTriageBody, BulkTriageResult } from '../../evidence-schemas.js'
import { newTransitionId } from '../../triage-view.js'

export const bulkTriage = ({ store, now }: RouteDeps) =>
  defineRoute({
    method: 'POST',
    url: '/v1/findings/triage',
    operationId: 'bulkTriage',
    summary: 'Triage every finding a filter matches. dry_run (the default) only counts them; with dry_run false each finding gets its own transition, and findings whose state does not allow it are listed as skipped.',
    tags: ['triage'],
    roles: ['admin', 'analyst'],
    body: BulkTriageBody,
    response: BulkTriageResult,
    errors: [400],
    handler: async ({ body, principal }) => {
      const ids: { id: string; cluster: string; severity: Severity }[] = []
      let cursor: string | undefined
      do {
        const page = await store.findings.list({ ...body.filter, clusters: scopeClusters(principal!, body.filter.cluster), limit: 1000, cursor })
        for (const f of page.items) ids.push({ id: f.finding_id, cluster: f.cluster, severity: f.severity })
        cursor = page.next_cursor ?? undefined
        if (ids.length > body.max) throw new AppError('invalid_body', `the filter matches more than ${body.max} findings; narrow it or raise "max" (at most 10000)`)
      } while (cursor !== undefined)
      if (body.dry_run) return { dry_run: true, matched: ids.length, applied: 0, pending_approval: 0, skipped: [] }
      const histories = new Map<string, TransitionRecord[]>()
      for (const r of await store.reviews.histories(ids.map((x) => x.id))) {
        const list = histories.get(r.finding_id) ?? []
        list.push(r)
        histories.set(r.finding_id, list)
      }
      const at = now().toISOString()
      const actor = actorLabel(actorOf(principal!))
      const rows: TransitionRow[] = []
      const skipped: { finding_id: string; reason: string }[] = []
      for (const f of ids) {
        try {
          const row = planTransition({ current: deriveTriage(histories.get(f.id) ?? [], at), severity: f.severity, request: body.transition, actor, role: principal!.role, at, finding_id: f.id, seq: histories.get(f.id)?.length ?? 0, newId: newTransitionId })
          rows.push({ ...row, cluster: f.cluster })
        } catch (err) {
          if (!(err instanceof AppError)) throw err
          skipped.push({ finding_id: f.id, reason: err.message })
        }
      }
      await store.reviews.record(rows)
      return { dry_run: false, matched: ids.length, applied: rows.length, pending_approval: rows.filter((r) => r.kind === 'request').length, skipped }
    },
  })
