import cron, { type ScheduledTask } from 'node-cron'
import type { Logger, Metrics } from '@vigil/platform'

export interface ScheduledJob {
  name: string
  cron: string
  timezone: string
  run(): Promise<void>
}

export interface Schedules {
  start(): void
  /** Stops every schedule and waits for runs in progress. Idempotent. */
  stop(): Promise<void>
}

/**
 * The router's node-cron jobs. They live in the router because it is the one
 * process that owns the sinks (ADR 0009): a digest or a stream-silence alert
 * is sent once, not once per api replica. A run still going when its next tick
 * comes is not doubled; every outcome is counted in vigil_job_runs_total.
 */
export function createSchedules(deps: { jobs: readonly ScheduledJob[]; metrics: Metrics; logger: Logger }): Schedules {
  const tasks: ScheduledTask[] = []
  const running = new Map<string, Promise<void>>()
  let stopping: Promise<void> | undefined
  return {
    start() {
      if (tasks.length > 0 || stopping !== undefined) return
      for (const job of deps.jobs) {
        tasks.push(cron.schedule(job.cron, () => {
          if (running.has(job.name) || stopping !== undefined) return
          const p = job.run()
            .then(() => void deps.metrics.jobRuns.inc({ job: job.name, outcome: 'ok' }))
            .catch((err: unknown) => {
              deps.metrics.jobRuns.inc({ job: job.name, outcome: 'error' })
              deps.logger.error({ err, job: job.name }, 'scheduled job failed; it runs again at its next tick')
            })
            .finally(() => running.delete(job.name))
          running.set(job.name, p)
        }, { name: `router.${job.name}`, timezone: job.timezone }))
      }
    },
    stop() {
      stopping ??= (async () => {
        await Promise.all(tasks.map((t) => t.destroy()))
        await Promise.all(running.values())
      })()
      return stopping
    },
  }
}
