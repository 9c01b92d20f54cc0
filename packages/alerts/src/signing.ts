import { createHmac } from 'node:crypto'

const PREFIX = 'whsec_'

/** A Standard Webhooks symmetric secret (`whsec_` + base64 of 24 to 64 random bytes) as key bytes; undefined if malformed. */
export function standardWebhooksKey(secret: string): Buffer | undefined {
  const b64 = secret.startsWith(PREFIX) ? secret.slice(PREFIX.length) : secret
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return undefined
  const key = Buffer.from(b64, 'base64')
  return key.length >= 24 && key.length <= 64 ? key : undefined
}

/**
 * The `webhook-signature` value for one delivery attempt: `v1,<base64
 * HMAC-SHA256(id.timestamp.body)>` for each key, space-separated, so a receiver
 * mid-rotation accepts either key.
 */
export function standardWebhooksSignature(keys: readonly Buffer[], id: string, timestampSeconds: number, body: string): string {
  const signed = `${id}.${timestampSeconds}.${body}`
  return keys.map((k) => `v1,${createHmac('sha256', k).update(signed).digest('base64')}`).join(' ')
}

/** GitHub's `X-Hub-Signature-256`: `sha256=<hex HMAC-SHA256(body)>`, keyed with the secret's text. */
export function githubSignature(secret: string, body: string): string {
  return `sha256=${createHmac('sha256', secret).update(body).digest('hex')}`
}
