import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

/** The evidence-format test vectors live beside the project, in ../shared; read from there, never copied. */
const FIXTURES = process.env['VIGIL_FIXTURES_DIR'] ?? fileURLToPath(new URL('../../../../shared/fixtures', import.meta.url))

export const EVIDENCE_FIXTURES = `${FIXTURES}/evidence-formats`

if (!existsSync(EVIDENCE_FIXTURES)) {
  throw new Error(`the evidence-format fixtures are not at ${EVIDENCE_FIXTURES}: clone vigil beside the shared/ folder (../shared/fixtures), or set VIGIL_FIXTURES_DIR`)
}
