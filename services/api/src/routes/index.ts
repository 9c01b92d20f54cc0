import type { RouteDeps, RouteSpec } from '../route.js'
import { listDeadLetters } from './dead-letters/list.js'
import { searchEvents } from './events/search.js'
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

/** Every documented route, for the app and the OpenAPI document alike. One file per verb. */
export function apiRoutes(deps: RouteDeps): RouteSpec[] {
  return [
    listFindings(deps),
    getFinding(deps),
    countFindings(deps),
    searchEvents(deps),
    listDeadLetters(deps),
    listAccessLog(deps),
    listTokens(deps),
    createToken(deps),
    revokeToken(deps),
    rotateToken(deps),
    signIn(deps),
    signInCallback(deps),
    signOut(deps),
  ] as unknown as RouteSpec[]
}
