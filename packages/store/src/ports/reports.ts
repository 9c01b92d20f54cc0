import type { StoreOps } from '../store-ops.js'
import { getReport, insertReport, REPORTS_TABLE } from '../tables/reports.js'

/** Generated evidence reports, kept as their JSON text. */
export interface ReportStore {
  save(row: { report_id: string; generated_at: string; body: string }): Promise<void>
  /** The latest generation's JSON text, or undefined. */
  get(id: string): Promise<string | undefined>
}

export function createReportStore(ops: StoreOps): ReportStore {
  const { client } = ops
  return {
    save: (row) => ops.write(REPORTS_TABLE, 'storing a report', () => insertReport(client, row)),
    get: (id) => ops.read('reading a report', () => getReport(client, id)),
  }
}
