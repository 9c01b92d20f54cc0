// Generated from the API's route specs by `npm run generate`; do not edit.
// The console hides what a role may not do; the API still refuses it.

export const ROUTE_ROLES = {
  listFindings: ['admin', 'analyst', 'auditor'],
  getFinding: ['admin', 'analyst', 'auditor'],
  searchEvents: ['admin', 'analyst', 'auditor'],
  listDeadLetters: ['admin', 'analyst'],
  listLedgerCheckpoints: ['admin', 'auditor'],
  getLedgerProof: ['admin', 'auditor'],
  verifyLedger: ['admin', 'auditor'],
  whoami: ['admin', 'analyst', 'auditor'],
} as const
