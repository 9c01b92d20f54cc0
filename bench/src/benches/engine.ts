import { fileURLToPath } from 'node:url'
import { checkAuditEvent, type AuditEvent } from '@vigil/core'
import { candidatesFor, compileRules, evaluateEvent, loadRuleSources } from '@vigil/rules'
import { metadataEvents } from '../events.js'
import { workloadEvents } from '../workload-events.js'
import { median, perSecond, withBaseline, type Result } from '../stats.js'

const RULES_DIR = fileURLToPath(new URL('../../../rules', import.meta.url))

/** CPU time (user + system) of this process in ms: on a shared machine, what a core spent, not what the wall clock saw. */
function cpuMs(since: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since)
  return (u.user + u.system) / 1000
}

/**
 * The rule engine alone, every shipped pack, on already parsed events: a
 * metadata-heavy stream (what most of an audit log is) with 5% write
 * requests at RequestResponse level. One core, this thread, timed in CPU
 * time so that other processes on a shared machine do not count.
 */
export function benchEngine(options: { events: number; runs: number }): Result[] {
  const ruleset = compileRules(loadRuleSources([RULES_DIR]))
  const raw = [...metadataEvents(Math.round(options.events * 0.95), 7), ...workloadEvents(Math.round(options.events * 0.05), 11)]
  const texts = raw.map((e) => JSON.stringify(e))
  const events: AuditEvent[] = raw.map((e) => {
    const c = checkAuditEvent(e)
    if (!c.ok) throw new Error(`bench event invalid: ${JSON.stringify(c.issues)}`)
    return c.event
  })
  let hits = 0
  for (const e of events) hits += evaluateEvent(ruleset, e, 'bench').hits.length // warm the JIT and the index
  const engine: number[] = []
  const parse: number[] = []
  for (let r = 0; r < options.runs; r++) {
    const t0 = process.cpuUsage()
    for (const e of events) evaluateEvent(ruleset, e, 'bench')
    engine.push(perSecond(events.length, cpuMs(t0)))
    const t1 = process.cpuUsage()
    for (const t of texts) JSON.parse(t)
    parse.push(perSecond(texts.length, cpuMs(t1)))
  }
  const enabled = ruleset.rules.filter((r) => r.enabled).length
  // The prefilter index: rules whose static match (stage, level, verb, resource, code) admits the event, and of those the ones whose cheap checks (users, namespaces, groups, addresses, user agents) pass.
  let candidates = 0
  let accepted = 0
  for (const e of events) {
    const list = candidatesFor(ruleset, e)
    candidates += list.length
    for (const r of list) if (r.match.accepts(e)) accepted++
  }
  const base = { name: 'json_parse_same_events', value: median(parse), unit: 'events/s' }
  return [
    { ...base, runs: parse, notes: 'JSON.parse of the same events, one core' },
    withBaseline({ name: 'rule_engine_all_packs', value: median(engine), unit: 'events/s/core', runs: engine, notes: `${enabled} enabled rules, ${events.length} events (95% metadata, 5% RequestResponse writes), ${hits} hits per pass; CPU time; bar >= 300000` }, base),
    { name: 'rule_engine_candidates_per_event', value: Number((candidates / events.length).toFixed(2)), unit: 'rules/event', notes: `of ${enabled} enabled rules, the static index selects this many per event; ${(accepted / events.length).toFixed(2)} pass the cheap checks and reach a condition` },
  ]
}
