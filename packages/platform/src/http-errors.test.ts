import Fastify, { errorCodes } from 'fastify'
import { describe, expect, it, onTestFinished } from 'vitest'
import { AppError } from '@vigil/core'
import { httpServerOptions, installErrorHandling, sendError, toAppError } from './http-errors.js'
import { createLogger } from './logger.js'
import { createMetrics, type Metrics } from './metrics.js'

describe('toAppError', () => {
  it('returns an AppError as it is', () => {
    const err = new AppError('overloaded', 'busy', { retryAfterSeconds: 4 })
    expect(toAppError(err)).toBe(err)
  })

  it.each([
    ['FST_ERR_CTP_BODY_TOO_LARGE', new errorCodes.FST_ERR_CTP_BODY_TOO_LARGE(), 'body_too_large', 413],
    ['FST_ERR_CTP_INVALID_MEDIA_TYPE', new errorCodes.FST_ERR_CTP_INVALID_MEDIA_TYPE('text/plain'), 'unsupported_media_type', 415],
    ['FST_ERR_CTP_EMPTY_JSON_BODY', new errorCodes.FST_ERR_CTP_EMPTY_JSON_BODY(), 'empty_body', 400],
    ['FST_ERR_CTP_INVALID_CONTENT_LENGTH', new errorCodes.FST_ERR_CTP_INVALID_CONTENT_LENGTH(), 'bad_request', 400],
    ['FST_ERR_VALIDATION', new errorCodes.FST_ERR_VALIDATION('querystring/limit must be <= 1000'), 'invalid_query', 400],
    ['FST_ERR_NOT_FOUND', new errorCodes.FST_ERR_NOT_FOUND(), 'not_found', 404],
  ])('maps fastify %s', (fastifyCode, err, code, status) => {
    expect(err.code).toBe(fastifyCode)
    const app = toAppError(err)
    expect(app.code).toBe(code)
    expect(app.status).toBe(status)
    expect(app.message).toBe(err.message)
    expect(app.cause).toBe(err)
  })

  it.each([
    ['FST_ERR_CTP_INVALID_TYPE', new errorCodes.FST_ERR_CTP_INVALID_TYPE()],
    ['FST_ERR_CTP_EMPTY_TYPE', new errorCodes.FST_ERR_CTP_EMPTY_TYPE()],
  ])('treats %s, raised when a parser is registered wrongly, as our bug: internal, no detail', (_code, err) => {
    const app = toAppError(err)
    expect(app.code).toBe('internal')
    expect(app.status).toBe(500)
    expect(app.message).toBe('internal error')
    expect(app.cause).toBe(err)
  })

  it('keeps the message of a validation error', () => {
    expect(toAppError(new errorCodes.FST_ERR_VALIDATION('querystring/limit must be <= 1000')).message).toBe('querystring/limit must be <= 1000')
  })

  it('falls back to the code when a mapped error has no message', () => {
    expect(toAppError({ code: 'FST_ERR_CTP_BODY_TOO_LARGE' }).message).toBe('body_too_large')
  })

  it('maps an unknown error with a 4xx status to bad_request, keeping its message', () => {
    const err = Object.assign(new Error('Unexpected end of form'), { code: 'FST_SOMETHING_NEW', statusCode: 422 })
    const app = toAppError(err)
    expect([app.code, app.message, app.status]).toEqual(['bad_request', 'Unexpected end of form', 400])
    expect(app.cause).toBe(err)
    expect(toAppError({ statusCode: 400 }).message).toBe('bad request')
  })

  it.each([
    ['a plain Error', new Error('db password is hunter2')],
    ['a 5xx fastify error', new errorCodes.FST_ERR_BAD_STATUS_CODE(999)],
    ['a status of 399', { statusCode: 399, message: 'x' }],
    ['a status that is a string', { statusCode: '400', message: 'x' }],
    ['a string', 'boom'],
    ['a number', 42],
    ['null', null],
    ['undefined', undefined],
  ])('maps %s to internal, hiding its message', (_name, err) => {
    const app = toAppError(err)
    expect([app.code, app.message, app.status, app.retriable]).toEqual(['internal', 'internal error', 500, false])
    expect(app.cause).toBe(err)
  })
})

function harness(retryAfterSeconds = 2) {
  const metrics = createMetrics({ defaultMetrics: false })
  const lines: { level: number; msg: string; code?: string; request_id?: string }[] = []
  const logger = createLogger({ level: 'info', destination: { write: (s: string) => void lines.push(JSON.parse(s) as { level: number; msg: string }) } })
  const app = Fastify(httpServerOptions(logger))
  installErrorHandling(app, { service: 'svc', metrics, logger, retryAfterSeconds })
  onTestFinished(() => app.close())
  return { app, metrics, lines }
}

async function rejected(metrics: Metrics, code: string): Promise<number> {
  const m = (await metrics.registry.getMetricsAsJSON()).find((x) => x.name === 'vigil_requests_rejected_total')
  return m?.values.find((v) => v.labels['service'] === 'svc' && v.labels['code'] === code)?.value ?? 0
}

describe('installErrorHandling', () => {
  it.each([
    ['overloaded', new AppError('overloaded', 'busy'), 429, '2'],
    ['overloaded with its own delay', new AppError('overloaded', 'busy', { retryAfterSeconds: 9 }), 429, '9'],
    ['unavailable', new AppError('unavailable', 'store down'), 503, '2'],
    ['shutting_down', new AppError('shutting_down', 'bye', { retryAfterSeconds: 1 }), 503, '1'],
    ['invalid_query', new AppError('invalid_query', 'bad cursor'), 400, undefined],
    ['forbidden', new AppError('forbidden', 'auditors read only'), 403, undefined],
  ])('answers a thrown %s with its status, body and Retry-After', async (_name, err, status, retryAfter) => {
    const { app, metrics } = harness()
    app.get('/x', async () => {
      throw err
    })
    const res = await app.inject({ method: 'GET', url: '/x' })
    expect(res.statusCode).toBe(status)
    expect(res.headers['content-type']).toMatch(/^application\/json/)
    expect(res.headers['retry-after']).toBe(retryAfter)
    expect(res.json()).toEqual({ error: { code: err.code, message: err.message } })
    expect(await rejected(metrics, err.code)).toBe(1)
  })

  it.each([
    ['store_error', 'The store rejected a statement'],
    ['invalid_config', 'The configuration failed validation.'],
  ] as const)('answers a %s with the catalog summary and keeps its message (the SQL) in the log', async (code, summary) => {
    const { app, metrics, lines } = harness()
    const detail = "reading findings: Code: 47. Unknown identifier 'secret_col' in SELECT secret_col FROM findings_v1 WHERE cluster IN ['prod']"
    app.get('/x', async () => {
      throw new AppError(code, detail, { cause: new Error(detail) })
    })
    const res = await app.inject({ method: 'GET', url: '/x' })
    expect(res.statusCode).toBe(500)
    const body = res.json<{ error: { code: string; message: string } }>()
    expect(body.error.code).toBe(code)
    expect(body.error.message).toContain(summary)
    expect(body.error.message).toMatch(/details are in the server log \(request req-[0-9a-z]+\)/)
    expect(res.payload).not.toContain('SELECT')
    expect(res.payload).not.toContain('secret_col')
    expect(await rejected(metrics, code)).toBe(1)
    const [line] = lines
    expect(line).toMatchObject({ level: 50, msg: 'request failed', code, detail })
    expect(body.error.message).toContain(String(line?.request_id))
  })

  it('logs 5xx with their cause, warns on 429/503, and stays quiet on 4xx', async () => {
    const { app, lines } = harness()
    const errors: Record<string, unknown> = {
      '/internal': new Error('kaboom'),
      '/unavailable': new AppError('unavailable', 'down'),
      '/overloaded': new AppError('overloaded', 'busy'),
      '/bad': new AppError('invalid_query', 'bad'),
    }
    for (const [url, err] of Object.entries(errors)) {
      app.get(url, async () => {
        throw err
      })
    }
    for (const url of Object.keys(errors)) await app.inject({ method: 'GET', url })
    expect(lines.map((l) => [l.level, l.msg, l.code])).toEqual([
      [50, 'request failed', 'internal'],
      [40, 'request refused', 'unavailable'],
      [40, 'request refused', 'overloaded'],
    ])
  })

  it('translates fastify errors raised while reading a body', async () => {
    const { app } = harness()
    app.post('/x', { bodyLimit: 10 }, async () => ({ ok: true }))
    const tooLarge = await app.inject({ method: 'POST', url: '/x', headers: { 'content-type': 'application/json' }, payload: '{"a":"0123456789"}' })
    expect(tooLarge.statusCode).toBe(413)
    expect(tooLarge.json<{ error: { code: string } }>().error.code).toBe('body_too_large')
    const wrongType = await app.inject({ method: 'POST', url: '/x', headers: { 'content-type': 'text/csv' }, payload: 'a,b' })
    expect(wrongType.statusCode).toBe(415)
    expect(wrongType.json<{ error: { code: string } }>().error.code).toBe('unsupported_media_type')
  })

  it.each([null, undefined])('answers a handler that rejects with %s in the error contract', async (value) => {
    const { app, metrics } = harness()
    app.get('/x', () => Promise.reject(value))
    const res = await app.inject({ method: 'GET', url: '/x' })
    expect(res.statusCode).toBe(500)
    expect(res.json()).toEqual({ error: { code: 'internal', message: 'internal error' } })
    expect(await rejected(metrics, 'internal')).toBe(1)
  })

  it('answers an unknown route with not_found, without the query string', async () => {
    const { app, metrics } = harness()
    const res = await app.inject({ method: 'DELETE', url: '/nope/here?token=secret' })
    expect(res.statusCode).toBe(404)
    expect(res.json()).toEqual({ error: { code: 'not_found', message: 'no route DELETE /nope/here' } })
    expect(await rejected(metrics, 'not_found')).toBe(1)
  })

  it('ignores a trailing slash', async () => {
    const { app } = harness()
    app.get('/healthz', async () => ({ ok: true }))
    expect((await app.inject({ method: 'GET', url: '/healthz/' })).statusCode).toBe(200)
  })
})

describe('sendError', () => {
  it('sets Retry-After only for 429 and 503', async () => {
    const { app } = harness()
    app.get('/:code', async (request, reply) => {
      const code = (request.params as { code: 'overloaded' | 'unauthorized' }).code
      return sendError(reply, new AppError(code, 'm'), 5)
    })
    const overloaded = await app.inject({ method: 'GET', url: '/overloaded' })
    expect([overloaded.statusCode, overloaded.headers['retry-after']]).toEqual([429, '5'])
    const unauthorized = await app.inject({ method: 'GET', url: '/unauthorized' })
    expect([unauthorized.statusCode, unauthorized.headers['retry-after']]).toEqual([401, undefined])
    expect(unauthorized.json()).toEqual({ error: { code: 'unauthorized', message: 'm' } })
  })
})

describe('errors outside any route keep the { error } shape', () => {
  async function listening() {
    const metrics = createMetrics({ defaultMetrics: false })
    const logger = createLogger({ level: 'silent', destination: { write: () => {} } })
    const app = Fastify(httpServerOptions(logger, (code) => metrics.requestsRejected.inc({ service: 't', code })))
    installErrorHandling(app, { service: 't', metrics, logger, retryAfterSeconds: 1 })
    app.post('/v1/audit', async () => ({ ok: true }))
    app.get('/v1/things/:id', async () => ({ ok: true }))
    const url = await app.listen({ host: '127.0.0.1', port: 0 })
    onTestFinished(() => app.close())
    return { url, metrics }
  }

  it('answers a wrong method with 405 and Allow, a wrong path with 404', async () => {
    const { url } = await listening()
    const res = await fetch(`${url}/v1/audit`)
    expect(res.status).toBe(405)
    expect(res.headers.get('allow')).toBe('POST')
    expect(await res.json()).toEqual({ error: { code: 'method_not_allowed', message: '/v1/audit takes POST, not GET' } })
    const param = await fetch(`${url}/v1/things/42`, { method: 'DELETE' })
    expect(param.status).toBe(405)
    expect(param.headers.get('allow')).toBe('GET')
    expect((await fetch(`${url}/v1/nothing`)).status).toBe(404)
  })

  it('answers oversized headers with 431 in our shape, counted', async () => {
    const { url, metrics } = await listening()
    const res = await fetch(`${url}/v1/audit`, { method: 'POST', headers: { 'x-big': 'a'.repeat(20_000) } })
    expect(res.status).toBe(431)
    expect(await res.json()).toEqual({ error: { code: 'headers_too_large', message: 'the request headers are too large' } })
    const counted = (await metrics.registry.getSingleMetric('vigil_requests_rejected_total')?.get())?.values.find((v) => v.labels['code'] === 'headers_too_large')
    expect(counted?.value).toBe(1)
  })
})
