import type { ApiRole } from '@vigil/core'

/**
 * What each role may do, named once and used by every route spec:
 * - admin: everything, and alone manages tokens, sinks, retention and keys;
 * - analyst: reads evidence and triages it (findings, silences, rules explain);
 * - auditor: reads evidence, read-only, inside a cluster scope; may draw samples and read the access log.
 * `ingest` tokens call no API route. docs/security.md has the table.
 */
export const ACCESS = {
  /** Read findings, events and reports. */
  readEvidence: ['admin', 'analyst', 'auditor'],
  /** Raw payloads that failed to parse, triage, silences. */
  triage: ['admin', 'analyst'],
  /** Who read what: the access log. */
  readAccessLog: ['admin', 'auditor'],
  /** Tokens, sinks, retention, keys. */
  administer: ['admin'],
} as const satisfies Record<string, readonly ApiRole[]>
