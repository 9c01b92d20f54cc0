import { createHash } from 'node:crypto'
import { API_RECORD_TYPES, sealThenWrite } from '../api-ledger.js'
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
    // The ledger holds the report's digest, not its text: the stored body is compared with it (verifyProjections).
    save: (row) => sealThenWrite(ops, API_RECORD_TYPES.reportExport, [reportExportRecord(row)], () => ops.write(REPORTS_TABLE, 'storing a report', () => insertReport(client, row))),
    get: (id) => ops.read('reading a report', () => getReport(client, id)),
  }
}

/** What the ledger seals for a generated report: its id, time, and the SHA-256 and size of its JSON text. */
export function reportExportRecord(row: { report_id: string; generated_at: string; body: string }): { report_id: string; generated_at: string; body_sha256: string; body_bytes: number } {
  return { report_id: row.report_id, generated_at: row.generated_at, body_sha256: createHash('sha256').update(row.body, 'utf8').digest('hex'), body_bytes: Buffer.byteLength(row.body, 'utf8') }
}
