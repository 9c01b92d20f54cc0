import { createContext } from 'preact'
import { useContext } from 'preact/hooks'
import { call, createApiClient, type ApiClient, type Role, type WhoAmI } from '../api/client'
import { ROUTE_ROLES } from '../api/roles'

const KEY = 'vigil.console.token'

/**
 * The token lives in sessionStorage: it survives a reload of this tab and
 * is gone when the tab closes. It is never put in a URL and never logged.
 */
export const tokenStore = {
  read(storage: Storage = window.sessionStorage): string | undefined {
    return storage.getItem(KEY) ?? undefined
  },
  write(token: string, storage: Storage = window.sessionStorage): void {
    storage.setItem(KEY, token)
  },
  clear(storage: Storage = window.sessionStorage): void {
    storage.removeItem(KEY)
  },
}

export interface Session {
  who: WhoAmI
  api: ApiClient
  /** Runs an API call; a 401 signs the user out and returns them to the login page. */
  call: <T>(request: (api: ApiClient) => Promise<{ data?: T; error?: unknown; response: Response }>) => Promise<T>
  signOut: (reason?: string) => void
}

export const SessionContext = createContext<Session | undefined>(undefined)

export function useSession(): Session {
  const s = useContext(SessionContext)
  if (s === undefined) throw new Error('useSession outside a signed-in page')
  return s
}

export type Operation = keyof typeof ROUTE_ROLES

/** Whether a role may call an operation; the console hides what the API would refuse. */
export function may(role: Role, operation: Operation): boolean {
  return (ROUTE_ROLES[operation] as readonly Role[]).includes(role)
}

/** Asks the API who a token is; the console shapes itself to the answer. */
export function whoAmI(token: string | undefined): Promise<WhoAmI> {
  const api = createApiClient(token)
  return call(() => api.GET('/v1/whoami'))
}
