/**
 * The closed set of error codes vigil reports. Every HTTP error body is
 * `{ error: { code, message } }` with a code from this list, and every
 * startup failure names one. `docs/errors.md` documents each code; a test
 * keeps the two in sync.
 */
export const ERROR_CATALOG = {
  invalid_json: { status: 400, retriable: false, summary: 'The body is not valid JSON or JSON lines.' },
  empty_body: { status: 400, retriable: false, summary: 'The request body is empty.' },
  too_deep: { status: 400, retriable: false, summary: 'The JSON nests deeper than the configured limit.' },
  not_audit_events: { status: 400, retriable: false, summary: 'The body is JSON but holds no audit Event or EventList.' },
  invalid_envelope: { status: 400, retriable: false, summary: 'The body is not the delivery envelope the cloud source route expects (Firehose request, Pub/Sub push message).' },
  invalid_query: { status: 400, retriable: false, summary: 'A query parameter or path parameter is malformed.' },
  invalid_body: { status: 400, retriable: false, summary: 'The JSON request body does not match what the route takes (a missing or malformed field).' },
  invalid_period: { status: 400, retriable: false, summary: 'A period is malformed: a date that does not parse, an end before its start, or a span longer than the configured maximum.' },
  bad_request: { status: 400, retriable: false, summary: 'The HTTP request itself is malformed (for example a wrong Content-Length).' },
  unauthorized: { status: 401, retriable: false, summary: 'The bearer token is missing or unknown.' },
  forbidden: { status: 403, retriable: false, summary: 'The token is valid but its role or scope does not allow this.' },
  not_found: { status: 404, retriable: false, summary: 'No such route or resource.' },
  unknown_framework: { status: 404, retriable: false, summary: 'No control catalog for this framework; the message lists the known ones.' },
  unknown_control: { status: 404, retriable: false, summary: 'The framework has no such control; the message suggests the closest ids.' },
  conflict: { status: 409, retriable: false, summary: 'The resource is not in a state that allows this (e.g. expiring an expired silence, replaying a delivered notification).' },
  method_not_allowed: { status: 405, retriable: false, summary: 'The route exists but not for this method.' },
  transition_not_allowed: { status: 409, retriable: false, summary: "The finding's current triage state does not allow this transition (or a four-eyes request is pending)." },
  same_approver: { status: 409, retriable: false, summary: 'Four eyes: the person who requested a resolution cannot also approve or reject it.' },
  sample_too_large: { status: 422, retriable: false, summary: 'The sample asks for more items than the population has, or names items not in it.' },
  body_too_large: { status: 413, retriable: false, summary: 'The body is larger than the configured limit.' },
  decompressed_too_large: { status: 413, retriable: false, summary: 'The gzip body inflates beyond the configured limit (a decompression bomb).' },
  unsupported_media_type: { status: 415, retriable: false, summary: 'The Content-Type is not application/json or application/x-ndjson.' },
  unsupported_encoding: { status: 415, retriable: false, summary: 'The Content-Encoding is neither identity nor gzip.' },
  invalid_gzip: { status: 400, retriable: false, summary: 'The body claims gzip encoding but does not inflate.' },
  overloaded: { status: 429, retriable: true, summary: 'Ingest is saturated; retry after the Retry-After delay.' },
  unavailable: { status: 503, retriable: true, summary: 'A dependency (event log or store) cannot take the data now; nothing was acknowledged.' },
  shutting_down: { status: 503, retriable: true, summary: 'The service is stopping; retry against another replica or after restart.' },
  invalid_config: { status: 500, retriable: false, summary: 'The configuration failed validation.' },
  invalid_rule: { status: 500, retriable: false, summary: 'A rule file failed to parse, validate or compile.' },
  store_error: { status: 500, retriable: false, summary: 'The store rejected a statement (a bug or schema drift, not an outage).' },
  internal: { status: 500, retriable: false, summary: 'An unexpected error; see the logs.' },
} as const satisfies Record<string, { status: number; retriable: boolean; summary: string }>

export type ErrorCode = keyof typeof ERROR_CATALOG

export interface AppErrorOptions {
  retriable?: boolean
  cause?: unknown
  /** Seconds a client should wait before retrying (429/503). */
  retryAfterSeconds?: number
}

/** The one error type. Adapters translate vendor errors into it once, at the edge. */
export class AppError extends Error {
  readonly code: ErrorCode
  readonly retriable: boolean
  readonly retryAfterSeconds: number | undefined

  constructor(code: ErrorCode, message: string, options: AppErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'AppError'
    this.code = code
    this.retriable = options.retriable ?? ERROR_CATALOG[code].retriable
    this.retryAfterSeconds = options.retryAfterSeconds
  }

  get status(): number {
    return ERROR_CATALOG[this.code].status
  }
}

export interface ErrorBody {
  error: { code: ErrorCode; message: string }
}

export function errorBody(code: ErrorCode, message: string): ErrorBody {
  return { error: { code, message } }
}
