import { deriveTriage } from '@vigil/evidence'
import type { ReviewStore } from '@vigil/store'

/**
 * The findings among `ids` whose triage state is resolved at `asOf`, folded
 * from the immutable transition rows with the evidence package's
 * deriveTriage (so a four-eyes request is not a resolution until approved,
 * and a lapsed risk acceptance is open again).
 */
export async function resolvedFindings(triage: Pick<ReviewStore, 'histories'>, ids: readonly string[], asOf: string): Promise<Set<string>> {
  const byFinding = new Map<string, Awaited<ReturnType<ReviewStore['histories']>>>()
  for (let i = 0; i < ids.length; i += 5000) {
    for (const t of await triage.histories(ids.slice(i, i + 5000), asOf)) {
      const list = byFinding.get(t.finding_id)
      if (list === undefined) byFinding.set(t.finding_id, [t])
      else list.push(t)
    }
  }
  const out = new Set<string>()
  for (const [id, rows] of byFinding) if (deriveTriage(rows, asOf).state === 'resolved') out.add(id)
  return out
}
