import cron, { type ScheduledTask } from 'node-cron'
import type { Logger, Metrics } from '@vigil/platform'
import type { CoverageStore, GapRow } from '@vigil/store'
import { findGaps, isoOfMinute, minuteOf, type EvidenceConfig } from '@vigil/evidence'

export const GAP_CHECK_JOB = 'gap-check'

export interface GapCheckDeps {
  coverage: Pick<CoverageStore, 'arrivals' | 'recordGaps'>
  config: Pick<EvidenceConfig, 'gap_threshold_minutes' | 'gap_check_lookback_minutes'>
  metrics: Metrics
  logger: Logger
  now: () => Date
}

export interface GapCheck {
  /** One check: finds the gaps of the lookback window up to the last whole minute and records them. */
  run(): Promise<GapRow[]>
  /** Runs every minute until stop(). */
  start(): void
  /** Stops the schedule and waits for a run in progress. Idempotent. */
  stop(): Promise<void>
}

/**
 * The live gap check: every minute, each source's silences of at least the
 * threshold within the lookback window are recorded in coverage_gaps_v1, an
 * ongoing one as open. It applies the same findGaps to the same arrival
 * minutes a report reads after the fact, so the two agree by construction
 * (and a test holds them to it).
 */
export function createGapCheck(deps: GapCheckDeps): GapCheck {
  const logger = deps.logger.child({ component: 'job.gap-check' })
  let task: ScheduledTask | undefined
  let running: Promise<unknown> | undefined
  let stopped: Promise<void> | undefined

  async function run(): Promise<GapRow[]> {
    const now = deps.now()
    const hi = minuteOf(now.toISOString())
    const lo = hi - deps.config.gap_check_lookback_minutes
    const arrivals = await deps.coverage.arrivals({ lo, hi })
    const rows: GapRow[] = []
    for (const a of arrivals) {
      for (const g of findGaps(a, lo, hi, deps.config.gap_threshold_minutes)) {
        rows.push({ cluster: g.cluster, apiserver: g.apiserver, start: isoOfMinute(g.start), end: isoOfMinute(g.end), open: g.open, detected_at: now.toISOString(), detected_by: `job:${GAP_CHECK_JOB}` })
      }
    }
    await deps.coverage.recordGaps(rows)
    deps.metrics.coverageOpenGaps.set(rows.filter((r) => r.open).length)
    return rows
  }

  return {
    run,
    start() {
      if (task !== undefined || stopped !== undefined) return
      task = cron.schedule('* * * * *', () => {
        if (running !== undefined) return
        running = run()
          .then((rows) => {
            deps.metrics.jobRuns.inc({ job: GAP_CHECK_JOB, outcome: 'ok' })
            const open = rows.filter((r) => r.open)
            if (open.length > 0) logger.warn({ open: open.map((g) => ({ cluster: g.cluster, apiserver: g.apiserver, since: g.start })) }, 'sources silent beyond the gap threshold')
          })
          .catch((err: unknown) => {
            deps.metrics.jobRuns.inc({ job: GAP_CHECK_JOB, outcome: 'error' })
            logger.error({ err }, 'gap check failed')
          })
          .finally(() => (running = undefined))
      }, { name: GAP_CHECK_JOB, timezone: 'UTC' })
    },
    stop() {
      stopped ??= (async () => {
        await task?.destroy()
        await running
      })()
      return stopped
    },
  }
}
