import createClient from 'openapi-fetch'
import type { paths } from './openapi'

type Json<P extends keyof paths> = paths[P] extends { get: { responses: { 200: { content: { 'application/json': infer B } } } } } ? B : never

export type Finding = Json<'/v1/findings'>['items'][number]
export type FindingWithEvent = Json<'/v1/findings/{id}'>
export type EventSummary = Json<'/v1/events'>['items'][number]
export type DeadLetter = Json<'/v1/dead-letters'>['items'][number]
export type WhoAmI = Json<'/v1/whoami'>
export type Role = WhoAmI['role']
export type Severity = Finding['severity']
export type FindingQuery = NonNullable<paths['/v1/findings']['get']['parameters']['query']>

/** Why a call failed, in the terms the console acts on. */
export type FailureKind = 'unauthorized' | 'forbidden' | 'not_found' | 'invalid' | 'unavailable' | 'network' | 'server'

export class ApiFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status: number | undefined,
    readonly code: string | undefined,
  ) {
    super(message)
  }

  get retriable(): boolean {
    return this.kind === 'network' || this.kind === 'unavailable'
  }
}

function kindOf(status: number): FailureKind {
  if (status === 401) return 'unauthorized'
  if (status === 403) return 'forbidden'
  if (status === 404) return 'not_found'
  if (status === 429 || status === 503) return 'unavailable'
  if (status >= 400 && status < 500) return 'invalid'
  return 'server'
}

/** The API's error body, `{ error: { code, message } }`, if that is what came back. */
function errorOf(body: unknown): { code: string; message: string } | undefined {
  const e = (body as { error?: { code?: unknown; message?: unknown } } | undefined)?.error
  return typeof e?.code === 'string' && typeof e.message === 'string' ? { code: e.code, message: e.message } : undefined
}

export function failureFromResponse(status: number, body: unknown): ApiFailure {
  const e = errorOf(body)
  return new ApiFailure(kindOf(status), e?.message ?? `HTTP ${status}`, status, e?.code)
}

export type ApiClient = ReturnType<typeof createClient<paths>>

/**
 * A typed client for the API on this origin. The token travels only in the
 * Authorization header: never in a URL, where it would reach logs and history.
 */
export function createApiClient(token: string | undefined, fetchImpl: typeof fetch = (...args) => globalThis.fetch(...args)): ApiClient {
  // undefined: a person signed in with OIDC; the API reads the httpOnly session cookie this origin's requests carry.
  return createClient<paths>({ baseUrl: '', headers: token === undefined ? {} : { authorization: `Bearer ${token}` }, fetch: fetchImpl })
}

/** Runs one openapi-fetch call and returns its data, or throws an ApiFailure. */
export async function call<T>(request: () => Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  let result: { data?: T; error?: unknown; response: Response }
  try {
    result = await request()
  } catch (err) {
    if (err instanceof ApiFailure) throw err
    throw new ApiFailure('network', 'The vigil API could not be reached.', undefined, undefined)
  }
  if (result.response.ok && result.data !== undefined) return result.data
  throw failureFromResponse(result.response.status, result.error)
}
