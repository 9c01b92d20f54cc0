import { STATUS_CODES } from 'node:http'
import type { Socket } from 'node:net'
import { LogController, type FastifyBaseLogger, type FastifyError, type FastifyInstance, type FastifyReply } from 'fastify'
import { AppError, ERROR_CATALOG, errorBody, type ErrorCode } from '@vigil/core'
import type { Logger } from 'pino'
import type { Metrics } from './metrics.js'

/** Fastify's own error codes, translated once into ours. */
const FASTIFY_CODES: Record<string, ErrorCode> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'body_too_large',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'unsupported_media_type',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'empty_body',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'bad_request',
  FST_ERR_VALIDATION: 'invalid_query',
  FST_ERR_NOT_FOUND: 'not_found',
}

export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err
  const fe = (typeof err === 'object' && err !== null ? err : {}) as Partial<FastifyError>
  const code = fe.code === undefined ? undefined : FASTIFY_CODES[fe.code]
  if (code !== undefined) return new AppError(code, fe.message ?? code, { cause: err })
  if (typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) return new AppError('bad_request', fe.message ?? 'bad request', { cause: err })
  return new AppError('internal', 'internal error', { cause: err })
}

/** Sends an AppError as `{ error: { code, message } }` with its status and, for 429/503, Retry-After. */
export function sendError(reply: FastifyReply, err: AppError, retryAfterSeconds: number): FastifyReply {
  const status = ERROR_CATALOG[err.code].status
  if (status === 429 || status === 503) reply.header('retry-after', String(err.retryAfterSeconds ?? retryAfterSeconds))
  return reply.code(status).type('application/json').send(errorBody(err.code, err.message))
}

/** What a client is told of a 500 other than `internal` (which says "internal error"): the catalog's summary and where the details are. */
export function publicMessage(code: ErrorCode, requestId: string): string {
  return `${ERROR_CATALOG[code].summary} The details are in the server log (request ${requestId}).`
}

/**
 * The one place an HTTP service turns errors into responses. Every error
 * answer is counted by code; 5xx are logged with their cause, and a 500
 * answers with the catalog's summary rather than its message.
 */
export function installErrorHandling(app: FastifyInstance, deps: { service: string; metrics: Metrics; logger: Logger; retryAfterSeconds: number }): void {
  // Every route's path pattern and methods, to tell a wrong method (405) from a wrong path (404).
  const routes: { pattern: RegExp; methods: Set<string> }[] = []
  app.addHook('onRoute', (route) => {
    const pattern = new RegExp(`^${route.url.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z_][A-Za-z0-9_]*/g, '[^/]+')}/?$`)
    const methods = ([] as string[]).concat(route.method)
    const existing = routes.find((r) => r.pattern.source === pattern.source)
    if (existing === undefined) routes.push({ pattern, methods: new Set(methods) })
    else for (const m of methods) existing.methods.add(m)
  })
  app.setErrorHandler((err, request, reply) => {
    const appErr = toAppError(err)
    deps.metrics.requestsRejected.inc({ service: deps.service, code: appErr.code })
    const status = ERROR_CATALOG[appErr.code].status
    if (status >= 500 && appErr.code !== 'unavailable' && appErr.code !== 'shutting_down') {
      deps.logger.error({ err: appErr.cause ?? appErr, detail: appErr.message, url: request.url, code: appErr.code, request_id: request.id }, 'request failed')
      // A 500's own message can carry the engine's text (a statement, a table name): it stays in the log.
      return sendError(reply, appErr.code === 'internal' ? appErr : new AppError(appErr.code, publicMessage(appErr.code, request.id)), deps.retryAfterSeconds)
    } else if (status >= 500 || status === 429) {
      deps.logger.warn({ code: appErr.code, msg: appErr.message }, 'request refused')
    }
    return sendError(reply, appErr, deps.retryAfterSeconds)
  })
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0] ?? ''
    const allowed = [...new Set(routes.filter((r) => r.pattern.test(path)).flatMap((r) => [...r.methods]))].filter((m) => m !== 'HEAD').sort()
    if (allowed.length > 0) {
      deps.metrics.requestsRejected.inc({ service: deps.service, code: 'method_not_allowed' })
      reply.header('allow', allowed.join(', '))
      return sendError(reply, new AppError('method_not_allowed', `${path} takes ${allowed.join(', ')}, not ${request.method}`), deps.retryAfterSeconds)
    }
    deps.metrics.requestsRejected.inc({ service: deps.service, code: 'not_found' })
    return sendError(reply, new AppError('not_found', `no route ${request.method} ${path}`), deps.retryAfterSeconds)
  })
}

/**
 * Errors Node's HTTP parser raises before fastify sees a request (headers
 * too large, a timeout, a malformed request line), answered in the same
 * `{ error: { code, message } }` shape as everything else.
 */
export function clientErrorHandler(count: (code: ErrorCode) => void = () => {}): (err: NodeJS.ErrnoException, socket: Socket) => void {
  return (err, socket) => {
    if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return
    const code: ErrorCode = err.code === 'HPE_HEADER_OVERFLOW' ? 'headers_too_large' : err.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? 'request_timeout' : 'bad_request'
    const message = code === 'headers_too_large' ? 'the request headers are too large' : code === 'request_timeout' ? 'the request was not received in time' : 'the HTTP request is malformed'
    const body = JSON.stringify(errorBody(code, message))
    const status = ERROR_CATALOG[code].status
    count(code)
    socket.end(`HTTP/1.1 ${status} ${STATUS_CODES[status] ?? 'Error'}\r\nConnection: close\r\nContent-Type: application/json\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`)
  }
}

/** Options every vigil HTTP server shares: our logger, no per-request log lines, 503 while closing, our shape for parser errors. */
export function httpServerOptions(logger: Logger, countClientError?: (code: ErrorCode) => void) {
  return {
    clientErrorHandler: clientErrorHandler(countClientError),
    loggerInstance: logger as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: true }),
    return503OnClosing: true,
    routerOptions: { ignoreTrailingSlash: true },
  }
}
