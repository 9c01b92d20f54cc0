// Generated from the API's route specs by `npm run generate`; do not edit.
// The console hides what a role may not do; the API still refuses it.

export const ROUTE_ROLES = {
  listFindings: ['admin', 'analyst', 'auditor'],
  getFinding: ['admin', 'analyst', 'auditor'],
  getFindingReviews: ['admin', 'analyst', 'auditor'],
  transitionFinding: ['admin', 'analyst'],
  decideFinding: ['admin', 'analyst'],
  bulkTriage: ['admin', 'analyst'],
  searchEvents: ['admin', 'analyst', 'auditor'],
  listDeadLetters: ['admin', 'analyst'],
  createAttestation: ['admin', 'analyst'],
  getCoverage: ['admin', 'analyst', 'auditor'],
  createReport: ['admin', 'analyst', 'auditor'],
  getReport: ['admin', 'analyst', 'auditor'],
  getFrameworkSummary: ['admin', 'analyst', 'auditor'],
  getPopulation: ['admin', 'analyst', 'auditor'],
  exportPopulation: ['admin', 'analyst', 'auditor'],
  getPopulationCsvMetadata: ['admin', 'analyst', 'auditor'],
  rerunPopulation: ['admin', 'analyst', 'auditor'],
  createSample: ['admin', 'analyst', 'auditor'],
  getSample: ['admin', 'analyst', 'auditor'],
  listLedgerCheckpoints: ['admin', 'auditor'],
  getLedgerProof: ['admin', 'auditor'],
  verifyLedger: ['admin', 'auditor'],
  whoami: ['admin', 'analyst', 'auditor'],
} as const
