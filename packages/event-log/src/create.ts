import type { EventLogConfig } from './config.js'
import { createInProcessLog } from './in-process.js'
import { createKafkaLog, type KafkaLogDeps } from './kafka.js'
import type { EventLog } from './port.js'

/** Builds the configured adapter. Called only from composition roots. */
export function createEventLog(config: EventLogConfig, deps: Pick<KafkaLogDeps, 'logger' | 'onConsumerCrash'>): EventLog {
  switch (config.type) {
    case 'inprocess':
      return createInProcessLog({ maxPendingRecords: config.max_pending_records, maxBatchRecords: config.max_batch_records, maxInFlightBatches: config.max_in_flight_batches })
    case 'kafka':
      return createKafkaLog(config, deps)
  }
}
