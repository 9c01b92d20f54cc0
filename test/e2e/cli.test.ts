import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Readable, Writable } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { COMMANDS, runCli } from '@vigil/cli'
import { FALCO_EVENTS_DIR } from '../support/fixtures.js'
import { startLocalServer } from '../../packages/alerts/test/local-server.js'

const dir = mkdtempSync(join(tmpdir(), 'vigil-cli-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

async function cli(args: string[], env: Record<string, string> = {}, stdin?: string): Promise<{ code: number; out: string; err: string }> {
  let out = ''
  let err = ''
  const sink = (append: (s: string) => void) => new Writable({ write: (c, _e, cb) => (append(String(c)), cb()) })
  const code = await runCli(args, { env, cwd: process.cwd(), ...(stdin === undefined ? {} : { stdin: Readable.from([Buffer.from(stdin)]) }), stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)), isTty: false })
  return { code, out, err }
}

describe('the vigil CLI', () => {
  it.each(COMMANDS.map((c) => [c.path.join(' ')]))('vigil %s --help', async (path) => {
    const { code, out } = await cli([...path.split(' '), '--help'])
    expect(code).toBe(0)
    expect(out).toContain(`Usage: vigil ${path}`)
  })

  it.each(['rules', 'config', 'tokens'])('vigil %s --help lists the subcommands and exits 0; a bare group exits 2', async (group) => {
    const help = await cli([group, '--help'])
    expect(help.code).toBe(0)
    for (const c of COMMANDS.filter((x) => x.path[0] === group)) expect(help.out).toContain(`vigil ${c.path.join(' ')}`)
    expect((await cli([group])).code).toBe(2)
  })

  it('lists the commands with --help, and refuses an unknown one with 2', async () => {
    const help = await cli(['--help'])
    expect(help.code).toBe(0)
    for (const c of COMMANDS) expect(help.out).toContain(c.path.join(' '))
    const bad = await cli(['frobnicate'])
    expect(bad.code).toBe(2)
    expect(bad.err).toContain('unknown command "frobnicate"')
    expect((await cli(['start', '--no-such-flag'])).code).toBe(2)
  })

  describe('analyze', () => {
    const files = ['attach_cluster_admin_role.json', 'create_configmap_sensitive_values.json', 'create_nginx_pod_privileged.json'].map((f) => join(FALCO_EVENTS_DIR, f))

    it('prints one finding per line with --json, with the fields scripts rely on', async () => {
      const { code, out } = await cli(['analyze', '--json', ...files])
      expect(code).toBe(0)
      const findings = out.trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>)
      expect(findings.length).toBeGreaterThan(0)
      for (const f of findings) for (const k of ['rule_id', 'severity', 'audit_id', 'stage', 'cluster', 'user', 'verb', 'resource', 'namespace', 'name', 'reason']) expect(f).toHaveProperty(k)
      expect(findings.map((f) => f['rule_id'])).toContain('rbac.cluster-admin-binding')
    })

    it('carries controls and tags in --json like the API, reads - from standard input, and evaluates each (auditID, stage) once', async () => {
      const { readFileSync } = await import('node:fs')
      const text = files.map((f) => readFileSync(f, 'utf8').trim()).join('\n')
      const fromFiles = await cli(['analyze', '--json', ...files])
      const fromStdin = await cli(['analyze', '--json', '-'], {}, text)
      expect(fromStdin.code, fromStdin.err).toBe(0)
      expect(fromStdin.out).toBe(fromFiles.out)
      const findings = fromStdin.out.trim().split('\n').map((l) => JSON.parse(l) as { rule_id: string; controls: unknown[]; tags: unknown[] })
      for (const f of findings) {
        expect(Array.isArray(f.controls)).toBe(true)
        expect(Array.isArray(f.tags)).toBe(true)
      }
      expect(findings.find((f) => f.rule_id === 'rbac.cluster-admin-binding')?.controls.length).toBeGreaterThan(0)
      // The same input twice: the same findings, once; the duplicates are counted.
      const twice = await cli(['analyze', '--json', '-', ...files], {}, text)
      expect(twice.out).toBe(fromFiles.out)
      const summary = await cli(['analyze', '-', ...files], {}, text)
      expect(summary.out).toMatch(/8 events read from 4 file\(s\), \d+ findings, 8 duplicate\(s\) skipped/)
    })

    it('prints a summary per rule and per severity', async () => {
      const { code, out } = await cli(['analyze', ...files])
      expect(code).toBe(0)
      expect(out).toMatch(/rule\s+severity\s+findings/)
      expect(out).toMatch(/by severity: critical \d+, high \d+, medium \d+, low \d+, info \d+/)
      expect(out).toMatch(/8 events read from 3 file\(s\)/)
    })

    it('exits 0 when nothing is found', async () => {
      const quiet = join(dir, 'quiet.log')
      writeFileSync(quiet, `${JSON.stringify({ kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'Metadata', auditID: 'q1', stage: 'ResponseComplete', requestURI: '/healthz', verb: 'get', user: { username: 'system:kube-probe' }, requestReceivedTimestamp: '2026-11-01T10:00:00Z', stageTimestamp: '2026-11-01T10:00:00Z' })}\n`)
      const { code } = await cli(['analyze', quiet])
      expect(code).toBe(0)
    })

    it('exits 2 on unreadable input, naming the file and line', async () => {
      const broken = join(dir, 'broken.log')
      const good = JSON.stringify({ kind: 'Event', level: 'Metadata', auditID: 'b1', stage: 'ResponseComplete', requestURI: '/', verb: 'get', user: {}, requestReceivedTimestamp: '2026-11-01T10:00:00Z', stageTimestamp: '2026-11-01T10:00:00Z' })
      writeFileSync(broken, `${good}\n{"auditID": "trunc\n${good.replace('b1', 'b2')}\n`)
      const { code, err, out } = await cli(['analyze', broken])
      expect(code).toBe(2)
      expect(err).toContain(`${broken}:2: invalid json`)
      expect(out).toMatch(/2 events read/)
      const missing = await cli(['analyze', join(dir, 'nope.log')])
      expect(missing.code).toBe(2)
      expect(missing.err).toContain('nope.log: no such file')
      expect((await cli(['analyze'])).code).toBe(2)
    })
  })

  describe('alerts', () => {
    const routesFile = (url: string) => `alerting:
  external_url: https://vigil.example.com
  egress: { https_only: false, allow_cidrs: [127.0.0.0/8] }
  sinks:
    - { name: pd, type: pagerduty, routing_key: { env: CLI_PD_KEY }, url: "${url}", allow_http: true }
    - { name: slack, type: slack, mode: webhook, url: { env: CLI_SLACK_URL }, allow_http: true, min_severity: high }
  routes:
    - { name: page-critical, when: { severity_at_least: critical }, sinks: [pd], continue: true }
    - { name: dev-noise, when: { clusters: ["dev-*"] }, sinks: [] }
    - { name: unmatched, when: {}, sinks: [slack] }
`
    const finding = { finding_id: '0123456789abcdef0123456789abcdef', rule_id: 'secrets.read-by-human', rule_version: '1', severity: 'medium', title: 'A person read a Secret', cluster: 'prod-1', audit_id: 'a1', stage: 'ResponseComplete', event_time: '2026-11-01T10:00:00Z', user: 'alice@example.com', verb: 'get', resource: 'secrets', namespace: 'payments', name: 'db', reason: 'x', output: 'x', evidence: {}, tags: [], controls: [] }

    it('explains which routes a finding takes, and why', async () => {
      const cfg = join(dir, 'routes.yaml')
      writeFileSync(cfg, routesFile('http://127.0.0.1:9/v2/enqueue'))
      const f = join(dir, 'finding.json')
      writeFileSync(f, JSON.stringify({ finding }))
      const env = { CLI_PD_KEY: 'R0UT1NGKEY32CHARSxxxxxxxxxxxxxxx', CLI_SLACK_URL: 'http://127.0.0.1:9/hook' }
      const medium = await cli(['alerts', 'routes', '--explain', f, '--config', cfg], env)
      expect(medium.code).toBe(1)
      expect(medium.out).toContain('skip   route page-critical')
      expect(medium.out).toContain('✗ severity >= critical')
      expect(medium.out).toContain('MATCH  route unmatched')
      expect(medium.out).toContain('below min_severity: slack')
      writeFileSync(f, JSON.stringify({ finding: { ...finding, severity: 'critical' } }))
      const critical = await cli(['alerts', 'routes', '--explain', f, '--config', cfg], env)
      expect(critical.code).toBe(0)
      expect(critical.out).toMatch(/MATCH  route page-critical[\s\S]*→ sinks: pd; group page-critical\/cluster="prod-1",rule_id="secrets.read-by-human"/)
      expect(critical.out).toContain('→ sinks: slack;')
      writeFileSync(f, JSON.stringify({ ...finding, cluster: 'dev-3' }))
      expect((await cli(['alerts', 'routes', '--explain', f, '--config', cfg], env)).out).toContain('explicit drop')
      writeFileSync(f, '{"nope": 1}')
      expect((await cli(['alerts', 'routes', '--explain', f, '--config', cfg], env)).code).toBe(2)
    })

    it('sends a test to one sink through the real sender', async () => {
      const pd = await startLocalServer((_r, res) => {
        res.writeHead(202, { 'content-type': 'application/json' })
        res.end('{"status":"success"}')
      })
      try {
        const cfg = join(dir, 'alerts-test.yaml')
        writeFileSync(cfg, routesFile(pd.url('/v2/enqueue')))
        const env = { CLI_PD_KEY: 'R0UT1NGKEY32CHARSxxxxxxxxxxxxxxx', CLI_SLACK_URL: 'http://127.0.0.1:9/hook' }
        const ok = await cli(['alerts', 'test', '--sink', 'pd', '--config', cfg], env)
        expect(ok).toMatchObject({ code: 0, out: expect.stringContaining('pd: success (HTTP 202)') })
        expect(JSON.parse(pd.received[0]!.body)).toMatchObject({ routing_key: env.CLI_PD_KEY, event_action: 'trigger', payload: { severity: 'info' } })
        expect(ok.out + ok.err).not.toContain(env.CLI_PD_KEY)
        expect((await cli(['alerts', 'test', '--sink', 'nope', '--config', cfg], env)).code).toBe(2)
        expect((await cli(['alerts', 'test', '--config', cfg], env)).code).toBe(2)
      } finally {
        await pd.close()
      }
    })
  })

  describe('config check', () => {
    it('accepts a valid file and lists every problem of a bad one', async () => {
      const good = join(dir, 'good.yaml')
      writeFileSync(good, 'ingest:\n  port: 9000\nretention:\n  findings_days: 2555\n')
      expect(await cli(['config', 'check', good])).toMatchObject({ code: 0, out: expect.stringContaining('ok') })
      const foreign = await cli(['config', 'check', good], { VIGIL_FIXTURES_DIR: '/tmp/x', VIGIL_INGEST__PORT: '9001' })
      expect(foreign).toMatchObject({ code: 0, out: expect.stringContaining('ok'), err: expect.stringMatching(/^warning: ignoring VIGIL_FIXTURES_DIR: not config/) })
      expect((await cli(['config', 'check', good], { VIGIL_INGEST__PROT: '9001' })).code).toBe(1)
      const bad = join(dir, 'bad.yaml')
      writeFileSync(bad, 'ingest:\n  port: "eighty"\n  bogus: 1\nstore:\n  type: postgres\napi:\n  tokens: [{ name: x, role: root, token: short }]\n')
      const { code, err } = await cli(['config', 'check', bad])
      expect(code).toBe(1)
      expect(err).toContain('ingest.port')
      expect(err).toContain('"bogus"')
      expect(err).toContain('store.type')
      expect(err).toContain('api.tokens.0.role')
      const yaml = join(dir, 'notyaml.yaml')
      writeFileSync(yaml, 'ingest: [\n')
      const y = await cli(['config', 'check', yaml])
      expect(y.code).toBe(1)
      expect(y.err).toMatch(/notyaml\.yaml:\d+:\d+/)
    })

    it('loads the rules the config names, with its lists, as the analyzer would at start', async () => {
      const lists = join(dir, 'lists.yaml')
      writeFileSync(lists, 'analyzer:\n  lists:\n    - { name: gpu_namespace, items: [ml-train] }\n')
      const typo = await cli(['config', 'check', lists])
      expect(typo.code).toBe(1)
      expect(typo.err).toContain('config lists.gpu_namespace: no rule file defines this list; did you mean gpu_namespaces?')
      writeFileSync(lists, 'analyzer:\n  lists:\n    - { name: gpu_namespaces, items: [ml-train] }\n')
      expect(await cli(['config', 'check', lists])).toMatchObject({ code: 0 })
      const missing = join(dir, 'missing-rules.yaml')
      writeFileSync(missing, 'analyzer:\n  rules_paths: [./no-such-rules]\n')
      const m = await cli(['config', 'check', missing])
      expect(m.code).toBe(1)
      expect(m.err).toMatch(/no-such-rules: no such file or directory/)
    })

    it('checks routes, sinks, secrets and the egress policy of the alerting section', async () => {
      const file = join(dir, 'alerting.yaml')
      writeFileSync(file, `alerting:
  external_url: https://vigil.example.com
  sinks:
    - { name: pd, type: pagerduty, routing_key: { env: PD_KEY } }
    - { name: slack, type: slack, mode: webhook, url: { file: ./no-such-secret }, min_severity: urgent }
    - { name: hook, type: webhook, url: "https://169.254.169.254/latest", signing: { secrets: [ { env: WHSEC } ] } }
  routes:
    - { name: page, when: { severity_at_least: critical }, sinks: [pd, pager] }
    - { name: unmatched, when: {}, sinks: [slack] }
`)
      const { code, err } = await cli(['config', 'check', file], { PD_KEY: 'R0UT1NGKEY32CHARSxxxxxxxxxxxxxxx' })
      expect(code).toBe(1)
      expect(err).toContain('alerting.sinks.1.min_severity')
      expect(err).toContain('alerting.routes.0.sinks: unknown sink "pager"')
      expect(err).not.toContain('R0UT1NGKEY')
      writeFileSync(file, `alerting:
  external_url: https://vigil.example.com
  sinks:
    - { name: slack, type: slack, mode: webhook, url: { file: ./no-such-secret } }
    - { name: hook, type: webhook, url: "https://169.254.169.254/latest", signing: { secrets: [ { env: WHSEC } ] } }
  routes:
    - { name: unmatched, when: {}, sinks: [slack, hook] }
`)
      const second = await cli(['config', 'check', file], {})
      expect(second.code).toBe(1)
      expect(second.err).toContain('alerting.sinks.0.url: cannot read secret file ./no-such-secret')
      expect(second.err).toContain('alerting.sinks.1.url: refused by the egress policy')
      expect(second.err).toContain('alerting.sinks.1.signing.secrets.0: environment variable WHSEC is not set')
    })

    it('reads VIGIL_* overrides', async () => {
      const { code, err } = await cli(['config', 'check'], { VIGIL_INGEST__PORT: 'not-a-port' })
      expect(code).toBe(1)
      expect(err).toContain('ingest.port')
    })
  })

  describe('rules', () => {
    it('test, lint and explain run on the shipped packs', async () => {
      const t = await cli(['rules', 'test'])
      expect(t.code, t.out).toBe(0)
      expect(t.out).toMatch(/\d+ passed, 0 failed/)
      const l = await cli(['rules', 'lint'])
      expect(l.code, l.err).toBe(0)
      const event = join(FALCO_EVENTS_DIR, 'attach_cluster_admin_role.json')
      const yes = await cli(['rules', 'explain', 'rbac.cluster-admin-binding', event])
      expect(yes.code).toBe(0)
      expect(yes.out).toContain('MATCHES')
      const no = await cli(['rules', 'explain', 'rbac.cluster-admin-binding', join(FALCO_EVENTS_DIR, 'create_configmap.json')])
      expect(no.code).toBe(1)
      expect(no.out).toMatch(/FAIL\s+match/)
      expect((await cli(['rules', 'explain', 'no.such-rule', event])).code).toBe(2)
    })

    it('coverage: the shipped policy blinds no rule; a Metadata-only policy blinds the body rules; a bad policy exits 2', async () => {
      const shipped = await cli(['rules', 'coverage', '--policy', 'deploy/apiserver/audit-policy.yaml'])
      expect(shipped.code, shipped.out).toBe(0)
      expect(shipped.out).toMatch(/deploy\/apiserver\/audit-policy\.yaml: (\d+) covered, 0 degraded, 0 blind, of \1 enabled rules/)
      const metadataOnly = join(dir, 'metadata-only.yaml')
      writeFileSync(metadataOnly, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nomitStages: [RequestReceived]\nrules:\n  - level: Metadata\n')
      const blind = await cli(['rules', 'coverage', '--policy', metadataOnly])
      expect(blind.code).toBe(1)
      expect(blind.out).toMatch(/^RULE +STATUS +LEVEL +FROM STAGE +GAPS$/m)
      expect(blind.out).toMatch(/^secrets\.credentials-in-configmap +blind +Request +ResponseStarted +create configmaps: policy rule 0: logged at Metadata/m)
      expect(blind.out).toContain('# secrets.credentials-in-configmap (blind)\n# insert before policy rule 0\n- level: Request\n  verbs: [create, update, patch]')
      const json = await cli(['rules', 'coverage', '--json', '--all', '--policy', metadataOnly])
      expect(json.code).toBe(1)
      const report = JSON.parse(json.out) as { summary: Record<string, number>; rules: { rule_id: string; status: string }[] }
      expect(report.rules.find((r) => r.rule_id === 'workload.exec-attach')?.status).toBe('covered')
      expect(report.rules.find((r) => r.rule_id === 'rbac.cluster-admin-binding')?.status).not.toBe('covered')
      expect(report.summary.blind).toBe(report.rules.filter((r) => r.status === 'blind').length)
      const degradedOnly = join(dir, 'degraded-only.yaml')
      writeFileSync(degradedOnly, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: None\n    users: [ci-bot]\n    resources: [{ group: "" , resources: [configmaps] }]\n  - level: RequestResponse\n')
      expect((await cli(['rules', 'coverage', '--policy', degradedOnly])).code).toBe(0)
      expect((await cli(['rules', 'coverage', '--strict', '--policy', degradedOnly])).code).toBe(1)
      const bad = join(dir, 'bad-policy.yaml')
      writeFileSync(bad, 'apiVersion: audit.k8s.io/v1\nkind: Policy\nrules:\n  - level: Verbose\n')
      const refused = await cli(['rules', 'coverage', '--policy', bad])
      expect(refused.code).toBe(2)
      expect(refused.err).toMatch(/bad-policy\.yaml: not an audit policy:\n {2}- rules\[0\]\.level/)
      expect((await cli(['rules', 'coverage', '--policy', join(dir, 'nope.yaml')])).err).toMatch(/nope\.yaml.*no such file/)
      expect((await cli(['rules', 'coverage'])).code).toBe(2)
    })

    it('a rule with a CEL error stops with the file, the rule and the position', async () => {
      writeFileSync(join(dir, 'bad-rules.yaml'), 'rules:\n  - id: x.broken\n    title: t\n    description: d\n    severity: low\n    output: o\n    condition: verb + 1 == 2\n')
      const { code, err } = await cli(['rules', 'test', join(dir, 'bad-rules.yaml')])
      expect(code).toBe(1)
      expect(err).toMatch(/bad-rules\.yaml:7:\d+: rule x\.broken: condition: CEL error at 1:\d+: no such overload/)
    })
  })
})
