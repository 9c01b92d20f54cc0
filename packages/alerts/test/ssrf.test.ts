import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHttpSender } from '../src/http-send.js'
import { EgressConfig, type Resolver } from '../src/ssrf.js'
import { reply, startLocalServer, type LocalServer } from './local-server.js'

const egress = (over: Partial<EgressConfig> = {}) => EgressConfig.parse(over)
const fixed = (map: Record<string, string[]>): Resolver => async (host) => (map[host] ?? []).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }))

let target: LocalServer
let redirectTarget: LocalServer
beforeAll(async () => {
  target = await startLocalServer(reply(200, 'ok'))
  redirectTarget = await startLocalServer(reply(200, 'ok'))
})
afterAll(async () => {
  await target.close()
  await redirectTarget.close()
})

describe('the SSRF guard at send time', () => {
  it('refuses every internal address form with no connection reaching a local listener', async () => {
    const p = target.port
    const forms = [
      `https://127.0.0.1:${p}/`, `https://localhost.:${p}/`, `https://LOCALHOST.:${p}/`, `https://[::1]:${p}/`, `https://169.254.169.254:${p}/`, `https://[fd00:ec2::254]:${p}/`,
      `https://100.100.100.200:${p}/`, `https://10.0.0.1:${p}/`, `https://0x7f.1:${p}/`, `https://2130706433:${p}/`, `https://[::ffff:7f00:1]:${p}/`, `https://[64:ff9b::a9fe:a9fe]:${p}/`,
      `https://private.example.com:${p}/`, `https://mixed.example.com:${p}/`, `https://metadata.google.internal:${p}/`,
    ]
    const sender = createHttpSender({ egress: egress(), resolver: fixed({ 'private.example.com': ['127.0.0.1'], 'mixed.example.com': ['93.184.216.34', '::1'] }), requestTimeoutMs: 2000, maxResponseBytes: 1024 })
    for (const url of forms) {
      const r = await sender.post(url, '{}', {}, { allowHttp: false })
      expect(r, url).toMatchObject({ failure: 'ssrf_blocked' })
    }
    sender.close()
    expect(target.connections).toBe(0)
  })

  it('checks the address it connects to, so a rebinding resolver gains nothing', async () => {
    let calls = 0
    // Public when a validator asks, loopback when the socket connects.
    const rebinding: Resolver = async () => (calls++ === 0 ? [{ address: '93.184.216.34', family: 4 }] : [{ address: '127.0.0.1', family: 4 }])
    await rebinding('rebind.example.com')
    const sender = createHttpSender({ egress: egress({ https_only: false }), resolver: rebinding, requestTimeoutMs: 2000, maxResponseBytes: 1024 })
    const r = await sender.post(`http://rebind.example.com:${target.port}/`, '{}', {}, { allowHttp: true })
    sender.close()
    expect(r).toMatchObject({ failure: 'ssrf_blocked' })
    expect(calls).toBe(2)
    expect(target.connections).toBe(0)
  })

  it('refuses http:// while https_only', async () => {
    const sender = createHttpSender({ egress: egress({ allow_hosts: ['soar.internal'] }), resolver: fixed({ 'soar.internal': ['127.0.0.1'] }), requestTimeoutMs: 2000, maxResponseBytes: 1024 })
    expect(await sender.post(`http://soar.internal:${target.port}/`, '{}', {}, { allowHttp: false })).toMatchObject({ failure: 'ssrf_blocked' })
    sender.close()
    expect(target.connections).toBe(0)
  })

  it('lets allow_hosts open an exception the operator chose', async () => {
    const sender = createHttpSender({ egress: egress({ allow_hosts: ['soar.internal'] }), resolver: fixed({ 'soar.internal': ['127.0.0.1'] }), requestTimeoutMs: 2000, maxResponseBytes: 1024 })
    const r = await sender.post(`http://soar.internal:${target.port}/hook`, '{"a":1}', { 'content-type': 'application/json' }, { allowHttp: true })
    sender.close()
    expect(r).toMatchObject({ status: 200, body: 'ok' })
    expect(target.received.map((x) => `${x.method} ${x.path} ${x.body}`)).toEqual(['POST /hook {"a":1}'])
  })

  it('does not follow a redirect to an internal address', async () => {
    const redirector = await startLocalServer(reply(302, '', { location: redirectTarget.url('/') }))
    const sender = createHttpSender({ egress: egress({ allow_cidrs: [], allow_hosts: ['redirector.test'] }), resolver: fixed({ 'redirector.test': ['127.0.0.1'] }), requestTimeoutMs: 2000, maxResponseBytes: 1024 })
    const r = await sender.post(`http://redirector.test:${redirector.port}/`, '{}', {}, { allowHttp: true })
    sender.close()
    await redirector.close()
    expect(r).toMatchObject({ status: 302 })
    expect(redirectTarget.connections).toBe(0)
  })
})

describe('timeouts and response size', () => {
  it('gives up on a server that stalls past request_timeout', async () => {
    const stall = await startLocalServer(() => undefined)
    const sender = createHttpSender({ egress: egress({ allow_cidrs: ['127.0.0.0/8'], https_only: false }), resolver: fixed({}), requestTimeoutMs: 200, maxResponseBytes: 1024 })
    const r = await sender.post(stall.url('/'), '{}', {}, { allowHttp: true })
    sender.close()
    await stall.close()
    expect(r).toMatchObject({ failure: 'timeout' })
  })

  it('stops reading a 10 MB body at max_response_bytes', async () => {
    const big = await startLocalServer((_req, res) => {
      res.writeHead(500, { 'content-type': 'text/plain' })
      const chunk = 'x'.repeat(65536)
      let sent = 0
      const pump = () => {
        while (sent < 10 * 1024 * 1024) {
          sent += chunk.length
          if (!res.write(chunk)) return res.once('drain', pump)
        }
        res.end()
      }
      res.on('error', () => undefined)
      pump()
    })
    const sender = createHttpSender({ egress: egress({ allow_cidrs: ['127.0.0.0/8'], https_only: false }), resolver: fixed({}), requestTimeoutMs: 5000, maxResponseBytes: 4096 })
    const r = await sender.post(big.url('/'), '{}', {}, { allowHttp: true })
    sender.close()
    await big.close()
    expect(r).toMatchObject({ status: 500 })
    expect('body' in r && r.body.length).toBe(4096)
  })
})
