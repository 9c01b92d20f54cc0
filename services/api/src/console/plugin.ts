import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ConsoleAsset, ConsoleAssets } from './assets.js'

/**
 * The console's pages. Each serves index.html, so a shared link such as
 * `/findings?severity=high` opens the page it names; everything else that
 * is not a built file stays a JSON 404.
 */
export const CONSOLE_PAGES = ['/', '/login', '/findings', '/findings/:id', '/health', '/alerts', '/alerts/notifications', '/alerts/silences', '/alerts/sinks', '/login/callback'] as const

/**
 * The console may load code, styles and data from this origin only, and
 * no other site may frame it. The token lives in sessionStorage, so any
 * injected script could read it: this policy is the second line after
 * the console never rendering HTML it was given.
 */
const SECURITY_HEADERS = {
  'content-security-policy': "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
}

function send(request: FastifyRequest, reply: FastifyReply, asset: ConsoleAsset): FastifyReply {
  reply.headers(SECURITY_HEADERS)
  reply.header('content-type', asset.contentType)
  reply.header('etag', asset.etag)
  reply.header('vary', 'accept-encoding')
  reply.header('cache-control', asset.immutable ? 'public, max-age=31536000, immutable' : 'no-cache')
  if (request.headers['if-none-match'] === asset.etag) return reply.code(304).send()
  const acceptsGzip = /\bgzip\b/.test(String(request.headers['accept-encoding'] ?? ''))
  if (asset.gzip !== undefined && acceptsGzip) {
    reply.header('content-encoding', 'gzip')
    return reply.code(200).send(asset.gzip)
  }
  return reply.code(200).send(asset.body)
}

export interface ConsolePluginOptions {
  /** The built console; undefined serves a page that says how to build it. */
  assets: ConsoleAssets | undefined
}

const NOT_BUILT = `<!doctype html><html lang="en"><meta charset="utf-8"><title>vigil console not built</title>
<p>The vigil console has not been built. Run <code>npm run build</code> (or <code>npm start</code>, which builds first) and restart vigil. The API itself works: see <a href="/openapi.json">/openapi.json</a>.</p></html>`

/** Serves the web console's static files from the API's own origin: no CORS, no second process. */
export async function consolePlugin(app: FastifyInstance, options: ConsolePluginOptions): Promise<void> {
  const { assets } = options
  const index = assets?.get('/index.html')
  for (const page of CONSOLE_PAGES) {
    app.get(page, async (request, reply) => {
      if (index === undefined) return reply.code(503).headers(SECURITY_HEADERS).type('text/html; charset=utf-8').header('retry-after', '60').send(NOT_BUILT)
      return send(request, reply, index)
    })
  }
  if (assets === undefined) return
  for (const [url, asset] of assets) {
    if (url === '/index.html') continue
    app.get(url, async (request, reply) => send(request, reply, asset))
  }
}
