import { request as httpRequest, Agent as HttpAgent, type IncomingHttpHeaders } from 'node:http'
import { request as httpsRequest, Agent as HttpsAgent } from 'node:https'
import { isIP } from 'node:net'
import { createAddressPolicy, guardedLookup, normalizeHost, SsrfBlockedError, type EgressConfig, type Resolver } from './ssrf.js'

export interface HttpResponse {
  status: number
  headers: IncomingHttpHeaders
  /** At most `maxResponseBytes` of the body, as text. */
  body: string
}

export type TransportFailure = { failure: 'ssrf_blocked' | 'timeout' | 'network'; detail: string }

export interface HttpSenderOptions {
  egress: EgressConfig
  resolver: Resolver
  requestTimeoutMs: number
  maxResponseBytes: number
  /** Extra CA certificates, for tests against a local TLS server. */
  ca?: string | Buffer
}

/**
 * POSTs through an agent whose DNS lookup is the SSRF guard, so the socket
 * connects only to addresses that were checked. Redirects are never followed
 * (a 3xx comes back as a response), the whole exchange has one deadline, and
 * reading stops at `maxResponseBytes`. Errors carry no URL: URLs are secrets.
 */
export function createHttpSender(options: HttpSenderOptions) {
  const policy = createAddressPolicy(options.egress)
  const lookup = guardedLookup(policy, options.resolver) as never
  const httpAgent = new HttpAgent({ keepAlive: true, lookup })
  const httpsAgent = new HttpsAgent({ keepAlive: true, lookup, ...(options.ca === undefined ? {} : { ca: options.ca }) })

  async function post(url: string, body: string, headers: Record<string, string>, sinkOptions: { allowHttp: boolean }): Promise<HttpResponse | TransportFailure> {
    let u: URL
    try {
      u = new URL(url)
    } catch {
      return { failure: 'ssrf_blocked', detail: 'the sink URL does not parse' }
    }
    if (u.protocol !== 'https:' && !(u.protocol === 'http:' && (!options.egress.https_only || sinkOptions.allowHttp))) {
      return { failure: 'ssrf_blocked', detail: `scheme ${u.protocol} refused by the egress policy` }
    }
    // Node skips the lookup for an IP literal: check it here.
    const host = normalizeHost(u.hostname)
    if (isIP(host) !== 0 && !policy.isAllowedHost(host)) {
      const problem = policy.addressProblem(host)
      if (problem !== undefined) return { failure: 'ssrf_blocked', detail: problem }
    }
    const isHttps = u.protocol === 'https:'
    return new Promise((resolve) => {
      let settled = false
      const done = (r: HttpResponse | TransportFailure) => {
        if (settled) return
        settled = true
        clearTimeout(timer)
        resolve(r)
      }
      const req = (isHttps ? httpsRequest : httpRequest)(u, {
        method: 'POST',
        agent: isHttps ? httpsAgent : httpAgent,
        headers: { ...headers, 'content-length': String(Buffer.byteLength(body)), 'user-agent': 'vigil-alerts' },
      })
      const timer = setTimeout(() => {
        req.destroy()
        done({ failure: 'timeout', detail: `no complete answer within ${options.requestTimeoutMs} ms` })
      }, options.requestTimeoutMs)
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (err instanceof SsrfBlockedError || err.code === 'ESSRFBLOCKED') done({ failure: 'ssrf_blocked', detail: err.message })
        else done({ failure: 'network', detail: err.code ?? 'connection failed' })
      })
      req.on('response', (res) => {
        const chunks: Buffer[] = []
        let size = 0
        const finish = () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') })
        res.on('data', (chunk: Buffer) => {
          const room = options.maxResponseBytes - size
          if (room > 0) chunks.push(chunk.subarray(0, room))
          size += chunk.length
          if (size >= options.maxResponseBytes) {
            finish()
            res.destroy()
          }
        })
        res.on('end', finish)
        res.on('error', () => finish())
      })
      req.end(body)
    })
  }

  function close(): void {
    httpAgent.destroy()
    httpsAgent.destroy()
  }

  return { post, close }
}

export type HttpSender = ReturnType<typeof createHttpSender>
