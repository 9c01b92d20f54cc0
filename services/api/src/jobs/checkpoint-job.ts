import cron from 'node-cron'
import type { Logger } from '@vigil/platform'
import type { Checkpointer } from '@vigil/store'

export interface CheckpointJob {
  /** Stops the schedule, waits for a running checkpoint, then makes a last one covering everything sealed. Idempotent. */
  stop(): Promise<void>
}

/**
 * Makes a signed checkpoint on the ledger's cron schedule (UTC), one at a
 * time, in this process only, and a last one when stopped (after the
 * analyzer), so a clean shutdown leaves nothing uncovered. A failed
 * checkpoint is logged and retried at the next tick; verification reports
 * what no checkpoint covers.
 */
export function startCheckpointJob(deps: { checkpointer: Checkpointer; schedule: string; logger: Logger; onResult?: (ok: boolean) => void }): CheckpointJob {
  const logger = deps.logger.child({ component: 'ledger.checkpoints' })
  let running: Promise<void> | undefined
  const tick = async () => {
    try {
      const cp = await deps.checkpointer.checkpoint()
      deps.onResult?.(true)
      logger.info({ seq: cp.body.seq, batches: cp.body.batch_count, checkpoint_hash: cp.checkpoint_hash }, 'ledger checkpoint signed')
    } catch (err) {
      deps.onResult?.(false)
      logger.error({ err }, 'ledger checkpoint failed; the next tick retries')
    }
  }
  const task = cron.schedule(
    deps.schedule,
    () => {
      running ??= tick().finally(() => {
        running = undefined
      })
      return running
    },
    { timezone: 'Etc/UTC', name: 'ledger-checkpoints', noOverlap: true },
  )
  let stopped: Promise<void> | undefined
  return {
    stop() {
      stopped ??= (async () => {
        await task.stop()
        await task.destroy()
        await running
        await tick()
      })()
      return stopped
    },
  }
}
