import { z } from 'zod'
import { AppError } from '@vigil/core'
import { EvidenceReport, prepareBundle } from '@vigil/evidence'
import { defineRoute, type RouteDeps } from '../../route.js'
import { assertInScope } from '../../evidence-input.js'

export const BUNDLE_MEDIA_TYPE = 'application/zip'

export const getReportBundle = ({ store, ledger, now }: RouteDeps) =>
  defineRoute({
    method: 'GET',
    url: '/v1/reports/:id/bundle',
    operationId: 'getReportBundle',
    summary:
      "A stored report as a signed evidence bundle (ZIP, streamed): the report in JSON, PDF, OSCAL and OCSF, its populations (NDJSON and CSV), samples with an inclusion proof per drawn item, coverage, reviews, the ledger checkpoints and anchors, the public keys, VERIFY.md, and manifest.json (every file's SHA-256 and size, the covering checkpoint) with manifest.sig (Ed25519). Verify it offline with `vigil verify bundle`. 409 while no ledger checkpoint covers the report.",
    tags: ['reports'],
    roles: ['admin', 'analyst', 'auditor'],
    params: z.strictObject({ id: z.string().regex(/^rpt-[0-9a-f]{32}$/, 'a report id is rpt- and 32 hex characters') }),
    response: z.string().describe('The ZIP archive'),
    produces: [BUNDLE_MEDIA_TYPE],
    errors: [400, 404, 409],
    handler: async ({ params, principal }) => {
      const text = await store.reports.get(params.id)
      if (text === undefined) throw new AppError('not_found', `no report ${params.id}; create it with POST /v1/reports`)
      const report = EvidenceReport.parse(JSON.parse(text))
      assertInScope(principal!, report.scope.clusters, `report ${params.id}`)
      if (ledger.signingKey === undefined) throw new AppError('conflict', 'this api holds no ledger signing key, so it cannot sign a bundle manifest; ask the api replica that makes the checkpoints (ledger.signing_key_file)')
      const keyring = (await ledger.trustedKeys()) ?? (await store.ledger.keyring())
      const bundle = await prepareBundle({ store, origin: ledger.origin, keyring, signingKey: ledger.signingKey, now }, report)
      return { stream: bundle.stream(), contentType: BUNDLE_MEDIA_TYPE, headers: { 'content-disposition': `attachment; filename="${bundle.filename}"` } }
    },
  })
