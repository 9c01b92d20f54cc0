import type { SchedulesConfig } from '@vigil/alerts'
import type { Logger, Metrics } from '@vigil/platform'
import type { AlertingStore, ExpiredCounts } from '@vigil/store'

/** Removes delivered and dead outbox rows older than their retention; pending rows stay whatever their age. Counted by final state. */
export async function runRetention(deps: { store: Pick<AlertingStore, 'expireNotifications'>; config: SchedulesConfig['retention']; metrics: Metrics; logger: Logger; now: number }): Promise<ExpiredCounts> {
  const counts = await deps.store.expireNotifications({ deliveredBefore: deps.now - deps.config.delivered, deadBefore: deps.now - deps.config.dead })
  deps.metrics.alertRecordsExpired.inc({ state: 'delivered' }, counts.delivered)
  deps.metrics.alertRecordsExpired.inc({ state: 'dead' }, counts.dead)
  if (counts.delivered + counts.dead > 0) deps.logger.info(counts, 'expired delivery records')
  return counts
}
