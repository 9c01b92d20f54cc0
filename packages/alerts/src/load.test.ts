import { describe, expect, it } from 'vitest'
import { loadAlertingYaml, type LoadedAlerting } from './load.js'

const WHSEC = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw'
const files: Record<string, string> = { '/s/slack-url': 'https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX\n', '/s/whsec': `${WHSEC}\n` }
const sources = {
  env: { PD_KEY: 'R0UT1NGKEY32CHARSxxxxxxxxxxxxxxx', BOT: 'xoxb-123-secret' } as Record<string, string | undefined>,
  readFile: (p: string) => {
    const v = files[p]
    if (v === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' })
    return v
  },
}

const GOOD = `
external_url: https://vigil.example.com
sinks:
  - { name: slack-secops, type: slack, mode: webhook, url: { file: /s/slack-url }, min_severity: high }
  - { name: slack-bot, type: slack, mode: bot, token: { env: BOT }, channel: C0123456789 }
  - { name: pd-security, type: pagerduty, routing_key: { env: PD_KEY } }
  - name: soar
    type: webhook
    url: https://soar.example.com/hooks/vigil
    signing: { secrets: [ { file: /s/whsec } ] }
routes:
  - { name: page-critical, when: { severity_at_least: critical }, sinks: [pd-security], group_wait: 0s, continue: true }
  - { name: dev-noise, when: { clusters: ["dev-*"], severity_at_most: low }, sinks: [] }
  - { name: unmatched, when: {}, sinks: [slack-secops] }
`

function problems(yaml: string): string[] {
  const r = loadAlertingYaml(yaml, sources)
  return 'problems' in r ? r.problems : []
}

describe('loadAlerting', () => {
  it('loads a good config, resolving secrets from files and the environment', () => {
    const r = loadAlertingYaml(GOOD, sources) as LoadedAlerting
    expect('problems' in r).toBe(false)
    expect(r.sinks.get('pd-security')?.credential?.reveal()).toBe('R0UT1NGKEY32CHARSxxxxxxxxxxxxxxx')
    expect(r.sinks.get('slack-secops')?.endpoint.reveal()).toBe('https://hooks.slack.com/services/T000/B000/XXXXSECRETXXXX')
    expect(r.sinks.get('pd-security')?.endpoint.reveal()).toBe('https://events.pagerduty.com/v2/enqueue')
    expect(r.config.routes[0]?.group_wait).toBe(0)
    expect(r.config.defaults.group_interval).toBe(300_000)
    // A resolved secret never prints.
    expect(JSON.stringify([...r.sinks.values()])).not.toContain('XXXXSECRETXXXX')
    expect(String(r.sinks.get('slack-bot')?.credential)).toBe('***')
  })

  it('lists every mistake of a config with three of them at once', () => {
    const bad = GOOD.replace('min_severity: high', 'min_severity: urgent')
      .replace('sinks: [slack-secops]', 'sinks: [slack-sec0ps]')
      .replace('group_wait: 0s', 'group_wait: soon')
    const p = problems(bad)
    expect(p).toHaveLength(3)
    expect(p.join('\n')).toMatch(/sinks\.0\.min_severity/)
    expect(p.join('\n')).toMatch(/routes\.2\.sinks: unknown sink "slack-sec0ps"/)
    expect(p.join('\n')).toMatch(/routes\.0\.group_wait: "soon" is not a duration/)
  })

  it('checks schedules and meta: an unknown fallback sink, an unknown digest route and a bad cron, all listed', () => {
    const yaml = `${GOOD}meta: { fallback_sink: nowhere }
schedules:
  digest: { routes: [no-such-route] }
  retention: { cron: "every day", delivered: 7d }
`
    const p = problems(yaml)
    expect(p).toEqual(expect.arrayContaining([
      'meta.fallback_sink: unknown sink "nowhere"',
      'schedules.digest.routes: unknown route "no-such-route"',
      'schedules.retention.cron: "every day" is not a cron expression',
    ]))
    const ok = loadAlertingYaml(`${GOOD}meta: { fallback_sink: soar }\nschedules: { digest: {}, stream_gap: { severity: critical } }\n`, sources) as LoadedAlerting
    expect(ok.config.schedules.digest).toMatchObject({ cron: '0 8 * * *', period: 86_400_000, top_rules: 5 })
    expect(ok.config.schedules.retention).toMatchObject({ delivered: 30 * 86_400_000, dead: 90 * 86_400_000 })
    expect(ok.config.meta).toEqual({ fallback_sink: 'soar', backlog_threshold: 50 })
  })

  it('requires the explicit unmatched lane last', () => {
    expect(problems(GOOD.replace('{ name: unmatched, when: {}, sinks: [slack-secops] }', '{ name: unmatched, when: { clusters: [x] }, sinks: [slack-secops] }'))).toEqual([
      'routes: the last route must be the explicit unmatched lane (when: {}, no continue)',
    ])
  })

  it('rejects unknown keys, inline secrets and duplicate names', () => {
    const p = problems(GOOD.replace('routing_key: { env: PD_KEY }', 'routing_key: R0UT1NGKEY, colour: red').replace('name: soar', 'name: slack-bot'))
    expect(p.join('\n')).toMatch(/unknown key "colour"/)
    expect(p.join('\n')).toMatch(/sinks\.2\.routing_key/)
    expect(p.join('\n')).toMatch(/duplicate sink name "slack-bot"/)
  })

  it('names a missing secret by its reference, never a value', () => {
    const p = problems(GOOD.replace('{ env: PD_KEY }', '{ env: NOPE }').replace('/s/whsec', '/s/missing'))
    expect(p).toEqual(['sinks.2.routing_key: environment variable NOPE is not set', 'sinks.3.signing.secrets.0: cannot read secret file /s/missing (ENOENT)'])
  })

  it('refuses a malformed signing secret and a bad matcher', () => {
    files['/s/weak'] = 'whsec_c2hvcnQ='
    const p = problems(GOOD.replace('/s/whsec', '/s/weak').replace('severity_at_least: critical', 'matchers: ["verb=~\\"(\\""]'))
    expect(p.join('\n')).toMatch(/signing\.secrets\.0: not a Standard Webhooks secret/)
    expect(p.join('\n')).toMatch(/routes\.0\.when\.matchers/)
  })

  it('refuses every internal address form at config validation, without leaking the URL', () => {
    const forms = ['http://127.0.0.1/x', 'https://localhost./x', 'https://LOCALHOST./x', 'https://[::1]/x', 'https://169.254.169.254/latest', 'https://[fd00:ec2::254]/', 'https://100.100.100.200/', 'https://10.0.0.1/', 'https://0x7f.1/', 'https://2130706433/', 'https://[::ffff:7f00:1]/', 'https://[64:ff9b::a9fe:a9fe]/', 'https://metadata.google.internal/', 'https://api.default.svc.cluster.local/', 'http://soar.example.com/hooks', 'ftp://soar.example.com/']
    for (const url of forms) {
      files['/s/u'] = `${url}?token=SEKRIT`
      const p = problems(GOOD.replace('{ file: /s/slack-url }', '{ file: /s/u }'))
      expect(p, url).toHaveLength(1)
      expect(p[0], url).toMatch(/^sinks\.0\.url: refused by the egress policy/)
      expect(p[0]).not.toContain('SEKRIT')
    }
  })

  it('lets allow_hosts and allow_http open an exception', () => {
    files['/s/u'] = 'http://soar.internal/hooks'
    const yaml = GOOD.replace('{ file: /s/slack-url }', '{ file: /s/u }, allow_http: true').replace('sinks:\n', 'egress: { allow_hosts: [soar.internal] }\nsinks:\n')
    expect(problems(yaml)).toEqual([])
    expect(problems(yaml.replace('allow_hosts: [soar.internal]', 'allow_hosts: []'))).toHaveLength(1)
  })
})
