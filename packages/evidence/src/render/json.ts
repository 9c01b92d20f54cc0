import { canonicalize } from '@vigil/ledger'
import type { EvidenceReport } from '../report.js'
import { sha256Hex } from './common.js'

/**
 * The native report as RFC 8785 canonical JSON: sorted keys, no whitespace,
 * no trailing newline. Equal reports give equal bytes, and any JCS
 * implementation reproduces them, so an auditor can recompute the fingerprint.
 * The serializer is the ledger's, the one every evidence record is hashed with.
 */
export function renderJson(report: EvidenceReport): string {
  return canonicalize(report)
}

/** The report's fingerprint: SHA-256 of its canonical JSON, shown in every page footer. */
export function reportFingerprint(report: EvidenceReport): string {
  return sha256Hex(renderJson(report))
}
