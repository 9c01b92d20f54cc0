import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'

export interface Received {
  method: string
  path: string
  headers: IncomingHttpHeaders
  body: string
  /** The test's clock when the request arrived (the fake clock, not wall time). */
  at: number
}

export type Responder = (req: Received, res: ServerResponse) => void

/**
 * A local HTTP server speaking a vendor's wire format: it records every
 * request and every TCP connection, and answers with the test's responder.
 */
export async function startLocalServer(respond: Responder, clock: () => number = Date.now) {
  const received: Received[] = []
  let connections = 0
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      const r: Received = { method: req.method ?? '', path: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), at: clock() }
      received.push(r)
      respond(r, res)
    })
  })
  server.on('connection', () => {
    connections += 1
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    port,
    url: (path = '/') => `http://127.0.0.1:${port}${path}`,
    received,
    get connections() {
      return connections
    },
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections()
      server.close(() => resolve())
    }),
  }
}

export type LocalServer = Awaited<ReturnType<typeof startLocalServer>>

export const reply = (status: number, body = '', headers: Record<string, string> = {}): Responder => (_req, res) => {
  res.writeHead(status, headers)
  res.end(body)
}
