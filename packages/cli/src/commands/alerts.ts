import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import {
  AlertCandidate, compileRoutes, createHttpSender, createSinkSender, groupKeyOf, loadAlertingSection, routeCandidate, systemResolver, testNotification, toAlertCandidate,
  type LoadedAlerting,
} from '@vigil/alerts'
import { AppError, Finding } from '@vigil/core'
import { loadConfigDocument, type ServiceIo } from '@vigil/platform'
import { parseOptions, UsageError, write, type Command } from '../command.js'
import { configFile } from '../load-configs.js'

const configOption = `
Options:
  -c, --config FILE   YAML config file with an alerting section (also VIGIL_CONFIG)
  -h, --help          show this help`

function loadAlertingOrFail(flag: string | undefined, io: ServiceIo): LoadedAlerting {
  const file = configFile(flag, io)
  const doc = loadConfigDocument({ file, env: io.env })
  const alerting = loadAlertingSection(doc['alerting'], io)
  if (alerting === undefined) throw new AppError('invalid_config', `${file ?? 'the configuration'} has no alerting section`)
  return alerting
}

export const alertsTestCommand: Command = {
  path: ['alerts', 'test'],
  summary: 'send a test notification to one sink, through the real sender',
  usage: 'vigil alerts test --sink NAME [--config FILE]',
  help: `
Sends a vigil.sink.test notification to the named sink exactly as the router
would: formatted, signed, through the SSRF guard, with the configured timeout.
Only min_severity is bypassed. Prints the outcome; secrets are never printed.
${configOption}
  --sink NAME         the sink to test

Exit status: 0 when the sink accepted it, 1 when it did not, 2 on bad input.`,
  async run(args, io) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' }, sink: { type: 'string' } })
    if (values.sink === undefined) throw new UsageError('give --sink NAME')
    const alerting = loadAlertingOrFail(values.config, io)
    const sink = alerting.sinks.get(values.sink)
    if (sink === undefined) {
      write(io.stderr, `vigil alerts test: no sink "${values.sink}"; configured: ${[...alerting.sinks.keys()].join(', ') || '(none)'}`)
      return 2
    }
    const http = createHttpSender({ egress: alerting.config.egress, resolver: systemResolver, requestTimeoutMs: alerting.config.delivery.request_timeout, maxResponseBytes: alerting.config.delivery.max_response_bytes })
    try {
      const now = Date.now()
      const n = testNotification(values.sink, now, String(now))
      const outcome = await createSinkSender(sink, http, alerting.config).send(n, now, undefined)
      const line = `${values.sink}: ${outcome.result}${outcome.status === undefined ? '' : ` (HTTP ${outcome.status})`}: ${outcome.detail}; notification ${n.id}`
      write(outcome.result === 'success' ? io.stdout : io.stderr, line)
      return outcome.result === 'success' ? 0 : 1
    } finally {
      http.close()
    }
  },
}

export const alertsRoutesCommand: Command = {
  path: ['alerts', 'routes'],
  summary: 'show which routes and sinks a finding takes, and why',
  usage: 'vigil alerts routes --explain <finding.json> [--config FILE]',
  help: `
Evaluates the configured routes, in order, against a finding (a JSON file
holding a finding as the API returns it, or an alert candidate) and prints
each route with every condition and whether it held, the sinks that take the
finding and those below their min_severity, the group key, and whether an
explicit drop applies. Nothing is sent.
${configOption}
  --explain FILE      the finding to route

Exit status: 0 when at least one sink takes the finding, 1 when none does, 2 on bad input.`,
  async run(args, io) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' }, explain: { type: 'string' } })
    if (values.explain === undefined) throw new UsageError('give --explain FILE')
    const alerting = loadAlertingOrFail(values.config, io)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(resolve(io.cwd, values.explain), 'utf8'))
    } catch (err) {
      write(io.stderr, `vigil alerts routes: ${values.explain}: ${(err as Error).message}`)
      return 2
    }
    const body = (raw as { finding?: unknown }).finding ?? raw
    const asFinding = Finding.safeParse(body)
    const asCandidate = AlertCandidate.safeParse(body)
    if (!asFinding.success && !asCandidate.success) {
      write(io.stderr, `vigil alerts routes: ${values.explain}: neither a finding nor an alert candidate: ${asFinding.error.issues[0]?.path.join('.')} ${asFinding.error.issues[0]?.message}`)
      return 2
    }
    const candidate = asFinding.success ? toAlertCandidate(asFinding.data) : (asCandidate.data as AlertCandidate)
    const routes = compileRoutes(alerting.config)
    const decision = routeCandidate(routes, new Map([...alerting.sinks].map(([n, s]) => [n, s.config])), candidate)
    write(io.stdout, `finding ${candidate.finding_id} (${candidate.rule_id}, ${candidate.severity}, cluster ${candidate.cluster})`)
    for (const t of decision.trace) {
      const m = decision.matches.find((x) => x.route.name === t.route)
      write(io.stdout, `${t.matched ? 'MATCH' : 'skip '}  route ${t.route}`)
      for (const c of t.conditions) write(io.stdout, `         ${c.held ? '✓' : '✗'} ${c.condition}`)
      if (t.conditions.length === 0) write(io.stdout, '         ✓ (no conditions: the unmatched lane)')
      if (m !== undefined) {
        if (m.route.sinks.length === 0) write(io.stdout, '         → explicit drop (counted as suppressed, reason route_drop)')
        else write(io.stdout, `         → sinks: ${m.sinks.join(', ') || '(none)'}${m.belowMinSeverity.length > 0 ? `; below min_severity: ${m.belowMinSeverity.join(', ')}` : ''}; group ${groupKeyOf(m.route, candidate)}`)
        if (!m.route.continue) write(io.stdout, '         (first match wins: later routes are not tried)')
      }
    }
    return decision.matches.some((m) => m.sinks.length > 0) ? 0 : 1
  },
}
