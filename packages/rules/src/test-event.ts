import { checkAuditEvent, type AuditEvent } from '@vigil/core'

/**
 * Completes a rule test's partial event with neutral values for the fields
 * the schema requires, then validates it like ingest would.
 */
export function completeTestEvent(partial: Record<string, unknown>): { event?: AuditEvent; error?: string } {
  const candidate = {
    auditID: '00000000-0000-0000-0000-000000000000',
    stage: 'ResponseComplete',
    level: 'RequestResponse',
    requestURI: '/',
    user: { username: 'test-user', groups: ['system:authenticated'] },
    requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
    stageTimestamp: '2026-01-01T00:00:00.100000Z',
    ...partial,
  }
  const checked = checkAuditEvent(candidate)
  if (!checked.ok) return { error: checked.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') }
  return { event: checked.event }
}
