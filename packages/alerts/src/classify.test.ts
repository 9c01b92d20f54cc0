import { describe, expect, it } from 'vitest'
import { classifyPagerDuty, classifySlackApi, classifySlackWebhook } from './classify.js'

const res = (status: number, body: string) => ({ status, headers: {}, body })

describe('permanent errors that mean the sink itself is broken', () => {
  it('PagerDuty: a 400 naming the routing key breaks the sink; an invalid event does not', () => {
    const bad = classifyPagerDuty(res(400, '{"status":"invalid event","message":"Event object is invalid","errors":["Invalid routing key"]}'), 0)
    expect(bad).toMatchObject({ result: 'auth_error', retry: false, sinkBroken: true, detail: 'HTTP 400: invalid routing key' })
    const event = classifyPagerDuty(res(400, '{"status":"invalid event","message":"Event object is invalid","errors":["\'payload.summary\' is missing"]}'), 0)
    expect(event).toMatchObject({ result: 'client_error', retry: false, sinkBroken: false })
  })

  it('Slack: a revoked token and an archived channel break the sink; invalid_blocks does not', () => {
    expect(classifySlackApi(res(200, '{"ok":false,"error":"invalid_auth"}'), 0)).toMatchObject({ retry: false, sinkBroken: true, detail: 'invalid_auth' })
    expect(classifySlackApi(res(200, '{"ok":false,"error":"is_archived"}'), 0)).toMatchObject({ retry: false, sinkBroken: true, detail: 'is_archived' })
    expect(classifySlackWebhook(res(404, 'channel_not_found'), 0)).toMatchObject({ retry: false, sinkBroken: true })
    expect(classifySlackWebhook(res(400, 'invalid_blocks'), 0)).toMatchObject({ retry: false, sinkBroken: false })
  })
})
