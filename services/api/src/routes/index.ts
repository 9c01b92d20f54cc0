import type { RouteDeps, RouteSpec } from '../route.js'
import { listDeadLetters } from './dead-letters/list.js'
import { searchEvents } from './events/search.js'
import { getFinding } from './findings/get.js'
import { listFindings } from './findings/list.js'
import { listCheckpoints } from './ledger/checkpoints.js'
import { getProof } from './ledger/proof.js'
import { verifyLedger } from './ledger/verify.js'

/** Every documented route, for the app and the OpenAPI document alike. One file per verb. */
export function apiRoutes(deps: RouteDeps): RouteSpec[] {
  return [listFindings(deps), getFinding(deps), searchEvents(deps), listDeadLetters(deps), listCheckpoints(deps), getProof(deps), verifyLedger(deps)] as RouteSpec[]
}
