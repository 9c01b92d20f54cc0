import { describe, expect, it } from 'vitest'
import { candidate } from '../test/fixtures.js'
import { AlertingConfig, type SinkConfig } from './config.js'
import { compileRoutes, groupKeyOf, routeCandidate } from './router.js'

const config = AlertingConfig.parse({
  external_url: 'https://vigil.example.com',
  sinks: [
    { name: 'pd', type: 'pagerduty', routing_key: { env: 'X' } },
    { name: 'slack', type: 'slack', mode: 'webhook', url: { env: 'Y' }, min_severity: 'medium' },
    { name: 'hook', type: 'webhook', url: 'https://h.example.com/', signing: { secrets: [{ env: 'Z' }] } },
  ],
  routes: [
    { name: 'page', when: { severity_at_least: 'high', frameworks: ['soc2'] }, sinks: ['pd', 'slack'], continue: true },
    { name: 'gpu', when: { rule_ids: ['gpu.*'] }, sinks: ['hook'], group_by: ['cluster', 'namespace'] },
    { name: 'dev-noise', when: { clusters: ['dev-*'] }, sinks: [] },
    { name: 'tagged', when: { tags: ['exec'], matchers: ['verb!="get"', 'namespace=~"ml-.*"'] }, sinks: ['hook'], group_by: ['...'] },
    { name: 'unmatched', when: {}, sinks: ['slack', 'pd'] },
  ],
})
const routes = compileRoutes(config)
const sinks = new Map<string, SinkConfig>(config.sinks.map((s) => [s.name, s]))
const names = (c: ReturnType<typeof candidate>) => routeCandidate(routes, sinks, c).matches.map((m) => `${m.route.name}:${m.sinks.join('+')}`)

describe('routeCandidate', () => {
  it('fans out with continue, then stops at the first match', () => {
    expect(names(candidate())).toEqual(['page:pd+slack', 'unmatched:slack+pd'])
    expect(names(candidate({ rule_id: 'gpu.abuse' }))).toEqual(['page:pd+slack', 'gpu:hook'])
  })

  it('sends what matches nothing else to the unmatched lane', () => {
    expect(names(candidate({ severity: 'medium', controls: [] }))).toEqual(['unmatched:slack'])
  })

  it('applies each sink\'s minimum severity (PagerDuty defaults to high)', () => {
    const d = routeCandidate(routes, sinks, candidate({ severity: 'low', controls: [] }))
    expect(d.matches[0]?.sinks).toEqual([])
    expect(d.matches[0]?.belowMinSeverity).toEqual(['slack', 'pd'])
  })

  it('counts an explicit drop', () => {
    const d = routeCandidate(routes, sinks, candidate({ cluster: 'dev-7', severity: 'low' }))
    expect(d.dropped).toBe(true)
    expect(d.matches.map((m) => m.route.name)).toEqual(['dev-noise'])
    expect(routeCandidate(routes, sinks, candidate({ severity: 'low', controls: [] })).dropped).toBe(false)
  })

  it('matches tags and Alertmanager-style matchers, and explains each condition', () => {
    const c = candidate({ severity: 'medium', controls: [], tags: ['exec'], verb: 'create', namespace: 'ml-train' })
    expect(names(c)).toEqual(['tagged:hook'])
    const trace = routeCandidate(routes, sinks, { ...c, namespace: 'web' }).trace.find((t) => t.route === 'tagged')
    expect(trace).toEqual({ route: 'tagged', matched: false, conditions: [{ condition: 'tag in [exec]', held: true }, { condition: 'verb!="get"', held: true }, { condition: 'namespace=~"ml-.*"', held: false }] })
  })

  it('builds group keys from group_by, or one group per finding for [...]', () => {
    const gpu = routes[1]!
    expect(groupKeyOf(gpu, candidate({ namespace: 'ml' }))).toBe('gpu/cluster="prod-eu-1",namespace="ml"')
    expect(groupKeyOf(routes[0]!, candidate())).toBe('page/cluster="prod-eu-1",rule_id="rbac.cluster_admin_binding"')
    expect(groupKeyOf(routes[3]!, candidate())).toBe('tagged/finding_id=f9c1e0d2a4b6c8e0f1a3b5c7d9e1f3a5')
  })

  it('rounds repeat_interval up to a multiple of group_interval', () => {
    const r = compileRoutes(AlertingConfig.parse({ ...structuredClone({ external_url: 'https://v.example.com', sinks: [], routes: [{ name: 'u', when: {}, sinks: [], group_interval: '7m', repeat_interval: '1h' }] }) }))
    expect(r[0]?.repeatIntervalMs).toBe(63 * 60_000)
  })
})
