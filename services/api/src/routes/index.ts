import type { RouteDeps, RouteSpec } from '../route.js'
import { createAttestation } from './attestations/create.js'
import { listAttestations } from './attestations/list.js'
import { getCoverage } from './coverage/get.js'
import { listAlerts } from './alerts/list.js'
import { listNotifications } from './notifications/list.js'
import { replayNotification } from './notifications/replay.js'
import { createSilence } from './silences/create.js'
import { expireSilence } from './silences/expire.js'
import { listSilences } from './silences/list.js'
import { listSinks } from './sinks/list.js'
import { testSink } from './sinks/test.js'
import { listDeadLetters } from './dead-letters/list.js'
import { searchEvents } from './events/search.js'
import { bulkTriage } from './findings/bulk-triage.js'
import { decideFinding } from './findings/decide.js'
import { getFinding } from './findings/get.js'
import { listFindings } from './findings/list.js'
import { countFindings } from './findings/count.js'
import { listAccessLog } from './access-log/list.js'
import { createToken } from './tokens/create.js'
import { listTokens } from './tokens/list.js'
import { revokeToken } from './tokens/revoke.js'
import { rotateToken } from './tokens/rotate.js'
import { signInCallback } from './auth/callback.js'
import { signIn } from './auth/login.js'
import { signOut } from './auth/logout.js'
import { listCheckpoints } from './ledger/checkpoints.js'
import { getProof } from './ledger/proof.js'
import { verifyLedger } from './ledger/verify.js'
import { whoami } from './whoami/get.js'

import { getFindingReviews } from './findings/reviews.js'
import { transitionFinding } from './findings/transition.js'
import { getFrameworkSummary } from './frameworks/summary.js'
import { getPopulationCsvMetadata } from './populations/csv-metadata.js'
import { exportPopulation } from './populations/export.js'
import { getPopulation } from './populations/get.js'
import { getPopulationDaily } from './populations/daily.js'
import { rerunPopulationRoute } from './populations/rerun.js'
import { createReport } from './reports/create.js'
import { getReport } from './reports/get.js'
import { getReportBundle } from './reports/bundle.js'
import { createSample } from './samples/create.js'
import { getSample } from './samples/get.js'
import { signInMethods } from './auth/methods.js'
import { listRules } from './rules/list.js'
import { getRule } from './rules/get.js'

/** Every documented route, for the app and the OpenAPI document alike. One file per verb. */
export function apiRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    listFindings(deps),
    getFinding(deps),
    countFindings(deps),
    getFindingReviews(deps),
    transitionFinding(deps),
    decideFinding(deps),
    bulkTriage(deps),
    searchEvents(deps),
    listDeadLetters(deps),
    createAttestation(deps),
    getCoverage(deps),
    createReport(deps),
    getReport(deps),
    getFrameworkSummary(deps),
    getPopulation(deps),
    getPopulationDaily(deps),
    exportPopulation(deps),
    getPopulationCsvMetadata(deps),
    rerunPopulationRoute(deps),
    createSample(deps),
    getSample(deps),
    listCheckpoints(deps),
    getProof(deps),
    verifyLedger(deps),
    listAccessLog(deps),
    listTokens(deps),
    createToken(deps),
    revokeToken(deps),
    rotateToken(deps),
    signIn(deps),
    signInCallback(deps),
    signOut(deps),
    listAlerts(deps), listNotifications(deps), replayNotification(deps), listSilences(deps), createSilence(deps), expireSilence(deps), listSinks(deps), testSink(deps),
    whoami(),
    getReportBundle(deps),
    signInMethods(deps),
    listAttestations(deps),
    listRules(deps),
    getRule(deps),
  ] as unknown as RouteSpec[]
}
