import type { StoreOps } from '../store-ops.js'
import { insertSessions, loadLiveSessions, SESSIONS_TABLE, type SessionRow } from '../tables/sessions.js'

/**
 * People's sign-in sessions, by the SHA-256 of their id. Every api process
 * reloads the live ones (as it does managed tokens), so a session outlives a
 * restart and a logout on one replica ends it on all.
 */
export interface SessionStore {
  /** Stores a new session or a newer version of one (a logout). */
  put(rows: readonly SessionRow[]): Promise<void>
  /** Sessions not revoked and not expired at `at`. */
  live(at: string): Promise<SessionRow[]>
}

export function createSessionStore(ops: StoreOps): SessionStore {
  const { client } = ops
  return {
    put: (rows) => ops.write(SESSIONS_TABLE, 'writing sessions', () => insertSessions(client, rows)),
    live: (at) => ops.read('loading sessions', () => loadLiveSessions(client, at)),
  }
}
