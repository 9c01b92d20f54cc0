import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { Webhook } from 'standardwebhooks'
import { candidate } from '../test/fixtures.js'
import { githubSignature, standardWebhooksKey, standardWebhooksSignature } from './signing.js'
import { formatWebhook, webhookHeaders } from './sinks/webhook.js'
import { notificationFor } from './notification.js'

const VECTOR = { secret: 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', id: 'msg_p5jXN8AQM9LWM0D4loKWxJek', ts: 1614265330, body: '{"test": 2432232314}' }

function delivery(keys: Buffer[], now: number) {
  const c = candidate()
  const n = notificationFor({ kind: 'trigger', groupKey: 'r/g', route: 'r', episode: 1, seq: 1, findings: [c], fresh: [c] }, 'soar', now)
  const body = formatWebhook(n, { externalUrl: 'https://vigil.example.com' }, { maxBytes: 65536 })
  return { n, body, headers: webhookHeaders(n, body, { keys, attemptAtMs: now, extra: {} }) }
}

describe('Standard Webhooks signing', () => {
  it('reproduces the published test vector', () => {
    const key = standardWebhooksKey(VECTOR.secret)!
    expect(standardWebhooksSignature([key], VECTOR.id, VECTOR.ts, VECTOR.body)).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=')
  })

  it('reproduces GitHub\'s X-Hub-Signature-256 example', () => {
    expect(githubSignature("It's a Secret to Everybody", 'Hello, World!')).toBe('sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17')
  })

  it('produces deliveries the standardwebhooks verifier accepts', () => {
    const secret = `whsec_${randomBytes(32).toString('base64')}`
    const { body, headers, n } = delivery([standardWebhooksKey(secret)!], Date.now())
    expect(new Webhook(secret).verify(body, headers)).toEqual(JSON.parse(body))
    expect(headers['webhook-id']).toBe(n.id)
    expect(() => new Webhook(secret).verify(body.replace('critical', 'info'), headers)).toThrow()
    expect(() => new Webhook(`whsec_${randomBytes(32).toString('base64')}`).verify(body, headers)).toThrow()
  })

  it('sends two signatures during a rotation, and each key verifies', () => {
    const current = `whsec_${randomBytes(32).toString('base64')}`
    const previous = `whsec_${randomBytes(24).toString('base64')}`
    const { body, headers } = delivery([standardWebhooksKey(current)!, standardWebhooksKey(previous)!], Date.now())
    expect(headers['webhook-signature']?.split(' ')).toHaveLength(2)
    expect(new Webhook(current).verify(body, headers)).toBeTruthy()
    expect(new Webhook(previous).verify(body, headers)).toBeTruthy()
  })

  it('keeps webhook-id across attempts and changes the timestamp', () => {
    const key = standardWebhooksKey(VECTOR.secret)!
    const a = delivery([key], 1_700_000_000_000)
    const b = delivery([key], 1_700_000_005_000)
    expect(b.headers['webhook-id']).toBe(a.headers['webhook-id'])
    expect(b.headers['webhook-timestamp']).not.toBe(a.headers['webhook-timestamp'])
  })

  it('accepts only 24 to 64 byte keys', () => {
    expect(standardWebhooksKey(`whsec_${randomBytes(23).toString('base64')}`)).toBeUndefined()
    expect(standardWebhooksKey(`whsec_${randomBytes(65).toString('base64')}`)).toBeUndefined()
    expect(standardWebhooksKey('whsec_not base64!')).toBeUndefined()
  })
})
