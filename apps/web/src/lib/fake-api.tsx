// Test support for component tests: a signed-in session whose API answers from a handler.
import type { ComponentChildren } from 'preact'
import { call, createApiClient, type WhoAmI } from '../api/client'
import { SessionContext, type Session } from './session'

export interface Sent {
  method: string
  path: string
  body: unknown
}

/** A session backed by the real typed client, whose fetch is the handler: no network. */
export function fakeSession(who: WhoAmI, handle: (req: Sent) => { status: number; body: unknown }): { session: Session; sent: Sent[] } {
  const sent: Sent[] = []
  const fetchImpl = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const req = input instanceof Request ? input : new Request(String(input), init)
    const text = await req.text()
    const r: Sent = { method: req.method, path: new URL(req.url).pathname + new URL(req.url).search, body: text === '' ? undefined : JSON.parse(text) }
    sent.push(r)
    const out = handle(r)
    return new Response(JSON.stringify(out.body), { status: out.status, headers: { 'content-type': 'application/json' } })
  }
  const api = createApiClient('test-token', fetchImpl as typeof fetch)
  return { sent, session: { who, api, signOut: () => undefined, call: (request) => call(() => request(api)) } }
}

export function WithSession({ session, children }: { session: Session; children: ComponentChildren }) {
  return <SessionContext.Provider value={session}>{children}</SessionContext.Provider>
}
