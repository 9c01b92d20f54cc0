import { randomBytes } from 'node:crypto'
import { candidate } from './fixtures.js'
import { Delivery, newOutboxEntry, type OutboxEntry, type SinkLane } from '../src/delivery.js'
import { createHttpSender } from '../src/http-send.js'
import { loadAlerting, type LoadedAlerting } from '../src/load.js'
import { notificationFor, type Notification } from '../src/notification.js'
import { TokenBucket, perSecond } from '../src/rate-limit.js'
import { createSinkSender } from '../src/sinks/sender.js'
import type { Flush } from '../src/grouping.js'

export const WHSEC = `whsec_${randomBytes(32).toString('base64')}`
export const SECRETS = {
  slackPath: '/services/T0SECRET/B0SECRET/slackpathtoken0123456789',
  routingKey: 'PDROUTINGKEYSECRET0123456789abcd',
  botToken: 'xoxb-1111-2222-botsecrettoken',
  whsec: WHSEC,
}

/** A real config for sinks on local servers: http allowed only for 127.0.0.0/8, as an operator would. */
export function loadLocal(sinks: unknown[], retry: Record<string, unknown> = {}, env: Record<string, string> = {}): LoadedAlerting {
  const r = loadAlerting(
    {
      external_url: 'https://vigil.example.com',
      egress: { https_only: false, allow_cidrs: ['127.0.0.0/8'] },
      delivery: { retry: { base: '1s', cap: '60s', max_attempts: 4, max_age: '1h', rate_limited_floor: '30s', ...retry }, request_timeout: '2s' },
      sinks,
      routes: [{ name: 'unmatched', when: {}, sinks: [] }],
    },
    { env: { ...env, PD_KEY: SECRETS.routingKey, BOT: SECRETS.botToken, WHSEC: SECRETS.whsec }, readFile: () => { throw new Error('no files') } },
  )
  if ('problems' in r) throw new Error(r.problems.join('\n'))
  return r
}

export function createDelivery(loaded: LoadedAlerting, clock: { now: number }, random: () => number = () => 0.5) {
  const http = createHttpSender({ egress: loaded.config.egress, resolver: async () => [], requestTimeoutMs: loaded.config.delivery.request_timeout, maxResponseBytes: loaded.config.delivery.max_response_bytes })
  const lanes = new Map<string, SinkLane>()
  const r = loaded.config.delivery.retry
  for (const sink of loaded.sinks.values()) {
    const c = sink.config
    lanes.set(c.name, {
      sender: createSinkSender(sink, http, loaded.config),
      policy: { baseMs: r.base, capMs: r.cap, maxAttempts: c.retry?.max_attempts ?? r.max_attempts, maxAgeMs: c.retry?.max_age ?? r.max_age, rateLimitedFloorMs: r.rate_limited_floor },
      bucket: new TokenBucket({ perSecond: perSecond(c.rate_limit), burst: c.rate_limit.burst, now: clock.now }),
    })
  }
  const saved: OutboxEntry[] = []
  const threads = new Map()
  const delivery = new Delivery({ lanes, random, save: async (e) => { saved.push(structuredClone(e)) }, threads, saveThread: async () => undefined })
  return { delivery, saved, threads, close: () => http.close() }
}

let seq = 0
export function note(sink: string, kind: Flush['kind'] = 'trigger', over: Partial<Flush> = {}, now = 0): Notification {
  seq += 1
  const c = candidate({ finding_id: `f${String(seq).padStart(31, '0')}` })
  return notificationFor({ kind, groupKey: `r/g${seq}`, route: 'r', episode: 1, seq: 1, findings: [c], fresh: [c], ...over }, sink, now)
}

export { newOutboxEntry }
