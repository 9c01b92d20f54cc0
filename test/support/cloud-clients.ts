import { createServer, type Server } from 'node:http'
import { generateKeyPairSync, sign, type KeyObject } from 'node:crypto'
import { randomUUID } from 'node:crypto'
import { gzipSync } from 'node:zlib'
import type { AddressInfo } from 'node:net'

/**
 * Clients speaking the clouds' wire formats, for tests: a Firehose HTTP
 * endpoint sender (protocol 1.0), a Pub/Sub push sender with Google-style
 * RS256 OIDC tokens signed by a local key, and the JWKS server they verify
 * against.
 */

/** One CloudWatch Logs subscription DATA_MESSAGE holding these audit events, as EKS writes them. */
export function cwlDataMessage(events: readonly unknown[], logGroup = '/aws/eks/example-cluster/cluster'): Record<string, unknown> {
  return {
    messageType: 'DATA_MESSAGE',
    owner: '111122223333',
    logGroup,
    logStream: 'kube-apiserver-audit-0123456789abcdef0123456789abcdef',
    subscriptionFilters: ['vigil-audit'],
    logEvents: events.map((e, i) => ({ id: String(38480917865042697267627490045603633139480491071049695232n + BigInt(i)), timestamp: 1725544035523 + i, message: typeof e === 'string' ? e : JSON.stringify(e) })),
  }
}

/** A record as Firehose delivers a CloudWatch Logs subscription: base64(gzip(JSON)). */
export function firehoseRecord(payload: unknown, options: { gzip?: boolean } = {}): { data: string } {
  const bytes = Buffer.from(JSON.stringify(payload))
  return { data: (options.gzip === false ? bytes : gzipSync(bytes)).toString('base64') }
}

export interface FirehoseRequest {
  headers: Record<string, string>
  body: string
  requestId: string
}

/** The exact request Firehose posts to an HTTP endpoint. */
export function firehoseRequest(records: readonly { data: string }[], accessKey: string, requestId: string = randomUUID()): FirehoseRequest {
  return {
    requestId,
    headers: {
      'content-type': 'application/json',
      'x-amz-firehose-protocol-version': '1.0',
      'x-amz-firehose-request-id': requestId,
      'x-amz-firehose-source-arn': 'arn:aws:firehose:us-east-1:123456789012:deliverystream/vigil-audit',
      'x-amz-firehose-access-key': accessKey,
    },
    body: JSON.stringify({ requestId, timestamp: Date.now(), records }),
  }
}

/** A wrapped Pub/Sub push body whose data is this LogEntry. */
export function pubsubPushBody(entry: unknown, messageId: string, subscription = 'projects/sample-project/subscriptions/vigil-push'): string {
  const publishTime = new Date().toISOString()
  return JSON.stringify({
    message: { attributes: { 'logging.googleapis.com/timestamp': publishTime }, data: Buffer.from(JSON.stringify(entry)).toString('base64'), messageId, message_id: messageId, publishTime, publish_time: publishTime },
    subscription,
  })
}

export interface OidcIssuer {
  jwksUrl: string
  /** A Google-style push token; override any claim. */
  token(claims?: Record<string, unknown>, options?: { kid?: string; key?: KeyObject }): string
  /** Requests the JWKS endpoint has served. */
  readonly fetches: number
  close(): Promise<void>
}

/** A local stand-in for Google's signing keys: serves a JWKS and signs push tokens with its private key. */
export async function startOidcIssuer(defaults: { audience: string; email: string }): Promise<OidcIssuer> {
  const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const kid = 'test-key-1'
  let fetches = 0
  const server: Server = createServer((_req, res) => {
    fetches++
    res.setHeader('content-type', 'application/json')
    res.end(JSON.stringify({ keys: [{ ...publicKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' }] }))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  const port = (server.address() as AddressInfo).port
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url')
  return {
    jwksUrl: `http://127.0.0.1:${port}/oauth2/v3/certs`,
    get fetches() {
      return fetches
    },
    token(claims = {}, options = {}) {
      const now = Math.floor(Date.now() / 1000)
      const header = b64({ alg: 'RS256', kid: options.kid ?? kid, typ: 'JWT' })
      const payload = b64({ aud: defaults.audience, azp: '1234567890', email: defaults.email, email_verified: true, exp: now + 3600, iat: now, iss: 'https://accounts.google.com', sub: '1234567890', ...claims })
      const signature = sign('RSA-SHA256', Buffer.from(`${header}.${payload}`), options.key ?? privateKey).toString('base64url')
      return `${header}.${payload}.${signature}`
    },
    close: () => new Promise<void>((r) => server.close(() => r())),
  }
}

/** An Event Hubs event body as an AKS diagnostic setting writes it. */
export function aksEventBody(events: readonly unknown[], category: 'kube-audit' | 'kube-audit-admin' = 'kube-audit'): string {
  return JSON.stringify({
    records: events.map((e) => ({
      category,
      operationName: 'Microsoft.ContainerService/managedClusters/diagnosticLogs/Read',
      properties: { log: `${JSON.stringify(e)}\n`, stream: 'stdout', pod: 'kube-apiserver-57b5944b45-94w49' },
      resourceId: '/SUBSCRIPTIONS/00000000-0000-0000-0000-000000000000/RESOURCEGROUPS/EXAMPLE-RG/PROVIDERS/MICROSOFT.CONTAINERSERVICE/MANAGEDCLUSTERS/EXAMPLE-AKS',
      time: new Date().toISOString(),
    })),
  })
}
