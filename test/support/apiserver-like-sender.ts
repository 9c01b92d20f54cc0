/**
 * Posts batches the way the kube-apiserver's webhook backend does: up to 400
 * events per EventList, several batches in flight, and on any non-2xx a retry
 * after Retry-After (or a backoff). It records which events were answered 200.
 */
export interface SenderStats {
  acked: Set<string>
  statuses: Map<number, number>
  /** Every answer with the time it came (0 = a network error). */
  answers: { at: number; status: number }[]
  retryAfterMissing: number
  networkErrors: number
}

export function newStats(): SenderStats {
  return { acked: new Set(), statuses: new Map(), answers: [], retryAfterMissing: 0, networkErrors: 0 }
}

/** Answers received in [from, to), by status. */
export function answersBetween(stats: SenderStats, from: number, to: number): Map<number, number> {
  const out = new Map<number, number>()
  for (const a of stats.answers) if (a.at >= from && a.at < to) out.set(a.status, (out.get(a.status) ?? 0) + 1)
  return out
}

export async function sendLikeApiserver(url: string, token: string, batch: readonly Record<string, unknown>[], stats: SenderStats, options: { giveUpAfterMs?: number } = {}): Promise<boolean> {
  const body = JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: batch })
  const started = Date.now()
  for (;;) {
    let status = 0
    let retryAfter: string | null = null
    try {
      const res = await fetch(`${url}/v1/audit?timeout=30s`, { method: 'POST', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body })
      status = res.status
      retryAfter = res.headers.get('retry-after')
      await res.arrayBuffer()
    } catch {
      stats.networkErrors++
    }
    stats.answers.push({ at: Date.now(), status })
    if (status !== 0) stats.statuses.set(status, (stats.statuses.get(status) ?? 0) + 1)
    if (status === 200) {
      for (const e of batch) stats.acked.add(`${e['auditID']}/${e['stage']}`)
      return true
    }
    if ((status === 429 || status === 503) && retryAfter === null) stats.retryAfterMissing++
    if (options.giveUpAfterMs !== undefined && Date.now() - started > options.giveUpAfterMs) return false
    await new Promise((r) => setTimeout(r, retryAfter === null ? 500 : Number(retryAfter) * 1000))
  }
}
