import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/**
 * Falco's k8saudit fixtures live beside the project, in ../shared; they are
 * read from there, never copied. VIGIL_FIXTURES_DIR points elsewhere.
 */
const FIXTURES = process.env['VIGIL_FIXTURES_DIR'] ?? fileURLToPath(new URL('../../../shared/fixtures', import.meta.url))

export const FALCO_DIR = `${FIXTURES}/falco-k8saudit`
export const FALCO_EVENTS_DIR = `${FALCO_DIR}/events`
/** EKS, GKE and AKS delivery samples (see its README for what is real and what is constructed). */
export const MANAGED_DIR = `${FIXTURES}/managed-clusters`

if (!existsSync(FALCO_EVENTS_DIR)) {
  throw new Error(`Falco's fixtures are not at ${FALCO_EVENTS_DIR}: clone vigil beside the shared/ folder (../shared/fixtures), or set VIGIL_FIXTURES_DIR`)
}

/** JCS and RFC 6962 vectors and the ledger's golden example (notes/evidence-formats.md §3). */
export const EVIDENCE_FORMATS_DIR = `${FIXTURES}/evidence-formats`
