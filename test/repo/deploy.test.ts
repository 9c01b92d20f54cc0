import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { parse, parseAllDocuments } from 'yaml'
import type { z } from 'zod'
import { AnalyzerConfigSchema, BUILTIN_RULES_DIR } from '@vigil/analyzer'
import { loadRuleset, parseAuditPolicy, policyCoverage } from '@vigil/rules'
import { ApiConfigSchema } from '@vigil/api'
import { IngestConfigSchema } from '@vigil/ingest'
import { configKeyPaths } from '../support/config-keys.js'
import { loadConfigDocument } from '@vigil/platform'
import { RetentionConfig } from '@vigil/store'

// No Docker engine or cluster runs these artifacts in CI, so their structure is
// checked here: every vigil container's configuration is rebuilt from its file
// and environment exactly as vigil does it, and validated with the services' schemas.

const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8')
const scratch = mkdtempSync(join(tmpdir(), 'vigil-deploy-test-'))
afterAll(() => rmSync(scratch, { recursive: true, force: true }))

type Obj = Record<string, any>
type Service = 'ingest' | 'analyzer' | 'api'
const SCHEMAS: Record<Service, z.ZodType> = { ingest: IngestConfigSchema, analyzer: AnalyzerConfigSchema, api: ApiConfigSchema }

/** Effective config of one vigil container, validated with its service's schema. */
function effectiveConfig(service: Service, file: string | undefined, env: Record<string, string>): Obj {
  const doc = loadConfigDocument({ file, env })
  const result = SCHEMAS[service].safeParse(doc)
  expect(result.error?.issues ?? [], `${service} config`).toEqual([])
  return result.data as Obj
}

const CONFIG_KEYS = new Set(Object.values(SCHEMAS).flatMap((s) => configKeyPaths(s, { objects: true })))

function expectConfigEnvName(name: string): void {
  if (name === 'VIGIL_CONFIG') return
  const path = name.slice('VIGIL_'.length).toLowerCase().split('__').join('.')
  expect(CONFIG_KEYS.has(path), `${name} names a config key (${path})`).toBe(true)
}

/** repo:tag or repo:tag@digest, never latest. */
function expectPinned(image: unknown, where: string): void {
  expect(typeof image, `${where}: image`).toBe('string')
  const ref = (image as string).split('@')[0] as string
  const tag = /:([^/:]+)$/.exec(ref)?.[1]
  expect(tag, `${where}: ${String(image)} has a tag`).toBeDefined()
  expect(tag, `${where}: ${String(image)} is pinned`).not.toBe('latest')
  expect(tag, `${where}: ${String(image)} is a version`).toMatch(/\d/)
}

function memoryBytes(q: unknown): number {
  const m = /^(\d+(?:\.\d+)?)(Ki|Mi|Gi|Ti|k|M|G|T)?$/.exec(String(q))
  expect(m, `memory quantity ${String(q)}`).not.toBeNull()
  const unit = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, k: 1e3, M: 1e6, G: 1e9, T: 1e12 }[m?.[2] ?? ''] ?? 1
  return Number(m?.[1]) * unit
}

// ---- docker-compose.yml -------------------------------------------------------

/** Compose variable interpolation with the defaults, as with no .env file. */
function interpolate(value: unknown, missing: string[]): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/\$\$/g, '\u0000')
      .replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_m, braced: string, op: string | undefined, arg: string | undefined, bare: string) => {
        if (op === ':-' || op === '-') return arg ?? ''
        missing.push(braced ?? bare)
        return ''
      })
      .replace(/\u0000/g, '$')
  }
  if (Array.isArray(value)) return value.map((v) => interpolate(v, missing))
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolate(v, missing)]))
  return value
}

function composeEnv(service: Obj): Record<string, string> {
  const env = service['environment'] ?? {}
  const pairs: [string, unknown][] = Array.isArray(env) ? env.map((e: string): [string, unknown] => [e.split('=')[0] as string, e.slice(e.indexOf('=') + 1)]) : Object.entries(env)
  return Object.fromEntries(pairs.map(([k, v]) => [k, v === null || v === undefined ? '' : String(v)]))
}

describe('docker-compose.yml', () => {
  const missing: string[] = []
  const compose = interpolate(parse(read('docker-compose.yml'), { merge: true }), missing) as Obj
  const services = compose['services'] as Record<string, Obj>
  const vigil = Object.entries(services).filter(([, s]) => String(s['image'] ?? '').startsWith('vigil:'))
  const role = (s: Obj) => (s['command'] as string[] | undefined)?.[0] as Service
  const byRole = (r: Service) => vigil.filter(([, s]) => role(s) === r)

  /** The host file behind VIGIL_CONFIG, through the service's bind mounts. */
  function configFile(name: string, service: Obj, env: Record<string, string>): string | undefined {
    const inContainer = env['VIGIL_CONFIG']
    if (inContainer === undefined || inContainer === '') return undefined
    const mount = (service['volumes'] as string[] | undefined)?.map((v) => v.split(':')).find(([, target]) => target === inContainer)
    expect(mount, `${name}: VIGIL_CONFIG ${inContainer} is a mounted file`).toBeDefined()
    const host = resolve(ROOT, (mount as string[])[0] as string)
    expect(existsSync(host), `${name}: ${host} exists`).toBe(true)
    return host
  }
  const memo = new Map<string, { env: Record<string, string>; config: Obj }>()
  /** A vigil service's environment and effective config, computed on first use so a bad one fails its test. */
  const configs = {
    get(name: string): { env: Record<string, string>; config: Obj } {
      let entry = memo.get(name)
      if (entry === undefined) {
        const s = services[name] as Obj
        const env = composeEnv(s)
        entry = { env, config: effectiveConfig(role(s), configFile(name, s, env), env) }
        memo.set(name, entry)
      }
      return entry
    },
  }

  it('sets a default for every variable it interpolates', () => {
    expect(missing).toEqual([])
  })

  it('has Kafka, ClickHouse, one ingest, two analyzers and the API', () => {
    expect(services['kafka']?.['image']).toBe('apache/kafka:4.1.0')
    expect(services['clickhouse']?.['image']).toMatch(/^clickhouse\/clickhouse-server:25\.\d+/)
    expect(byRole('ingest')).toHaveLength(1)
    expect(byRole('analyzer')).toHaveLength(2)
    expect(byRole('api')).toHaveLength(1)
    for (const [name, s] of vigil) expect(s['build'], `${name} is built from the Dockerfile`).toMatchObject({ context: '.', dockerfile: 'Dockerfile' })
  })

  it('pins every image', () => {
    for (const [name, s] of Object.entries(services)) expectPinned(s['image'], name)
  })

  it('gives every service a healthcheck, vigil ones on the port vigil listens on', () => {
    for (const [name, s] of Object.entries(services)) {
      const test = s['healthcheck']?.['test']
      expect(Array.isArray(test) && test.length > 1 && test[0] !== 'NONE', `${name} has a healthcheck`).toBe(true)
      expect(s['healthcheck']['disable'], `${name}'s healthcheck is on`).not.toBe(true)
    }
    expect(services['kafka']?.['healthcheck']['test'].join(' ')).toContain('kafka-broker-api-versions.sh --bootstrap-server localhost:9092')
    expect(services['clickhouse']?.['healthcheck']['test'].join(' ')).toContain(':8123/ping')
    for (const [name, s] of vigil) {
      const c = configs.get(name).config as Obj
      const port = { ingest: c['ingest']?.port, analyzer: c['analyzer']?.metrics_port, api: c['api']?.port }[role(s)]
      expect(s['healthcheck']['test'].join(' '), name).toMatch(new RegExp(`http://127\\.0\\.0\\.1:${port}/(healthz|readyz)`))
    }
  })

  it('starts services only after what they need is healthy', () => {
    const needs: Record<Service, string[]> = { ingest: ['kafka'], analyzer: ['kafka', 'clickhouse'], api: ['clickhouse'] }
    for (const [name, s] of vigil) {
      const deps = s['depends_on'] as Record<string, Obj>
      expect(Object.keys(deps).sort(), name).toEqual(expect.arrayContaining(needs[role(s)]))
      for (const [dep, spec] of Object.entries(deps)) expect(spec['condition'], `${name} -> ${dep}`).toBe('service_healthy')
    }
  })

  it('configures Kafka in KRaft combined mode and ClickHouse with a user and the vigil database', () => {
    const k = composeEnv(services['kafka'] as Obj)
    expect(k['KAFKA_PROCESS_ROLES']?.split(',').sort()).toEqual(['broker', 'controller'])
    expect(k['KAFKA_CONTROLLER_QUORUM_VOTERS']).toMatch(/^1@kafka:\d+$/)
    expect(k['KAFKA_ADVERTISED_LISTENERS']).toContain('kafka:9092')
    expect(k['KAFKA_OFFSETS_TOPIC_REPLICATION_FACTOR']).toBe('1')
    const ch = composeEnv(services['clickhouse'] as Obj)
    expect(ch['CLICKHOUSE_DB']).toBe('vigil')
    expect(ch['CLICKHOUSE_USER']).toBeTruthy()
    expect(ch['CLICKHOUSE_PASSWORD']).toBeTruthy()
    for (const [name, s] of vigil.filter(([, s]) => role(s) !== 'ingest')) {
      const store = configs.get(name).config['store'] as Obj
      expect(store, name).toMatchObject({ type: 'clickhouse', url: 'http://clickhouse:8123', username: ch['CLICKHOUSE_USER'], password: ch['CLICKHOUSE_PASSWORD'], database: 'vigil' })
    }
  })

  it('uses only VIGIL_* variables that are config keys', () => {
    for (const [name, s] of vigil) {
      for (const key of Object.keys(composeEnv(s))) {
        expect(key, name).toMatch(/^VIGIL_/)
        expectConfigEnvName(key)
      }
    }
  })

  it('gives every vigil service a valid config: Kafka, reachable listeners, tokens', () => {
    const brokers = Object.keys(services).filter((n) => String(services[n]?.['image']).startsWith('apache/kafka:')).length
    for (const [name, s] of vigil) {
      const c = configs.get(name).config as Obj
      if (role(s) !== 'api') {
        expect(c['event_log'], name).toMatchObject({ type: 'kafka', brokers: ['kafka:9092'] })
        expect(c['event_log'].replication_factor, `${name}: replicas of the topics vigil creates <= brokers`).toBeLessThanOrEqual(brokers)
      }
      const host = { ingest: c['ingest']?.host, analyzer: c['analyzer']?.metrics_host, api: c['api']?.host }[role(s)]
      expect(host, `${name} listens beyond the container's loopback`).toBe('0.0.0.0')
    }
    const ingest = byRole('ingest')[0]?.[1] as Obj
    const ingestConfig = configs.get(byRole('ingest')[0]?.[0] as string).config as Obj
    expect(ingestConfig['ingest'].tokens.length, 'standalone ingest needs a token').toBeGreaterThan(0)
    expect(ingestConfig['ingest'].tokens.every((t: Obj) => t['token'] === undefined), 'ingest tokens as token_sha256').toBe(true)
    expect(ingest['ports']).toContain(`127.0.0.1:${ingestConfig['ingest'].port}:${ingestConfig['ingest'].port}`)
    const apiConfig = configs.get(byRole('api')[0]?.[0] as string).config as Obj
    expect(apiConfig['api'].tokens.length, 'standalone api needs a token').toBeGreaterThan(0)
  })

  it('runs both analyzers in one consumer group on the same Kafka topics', () => {
    const analyzers = byRole('analyzer').map(([name]) => configs.get(name).config as Obj)
    expect(new Set(analyzers.map((c) => c['analyzer'].group)).size).toBe(1)
    expect(new Set(analyzers.map((c) => JSON.stringify([c['event_log'].brokers, c['event_log'].topic_prefix]))).size).toBe(1)
    expect(analyzers.length).toBeLessThanOrEqual(analyzers[0]?.['event_log'].partitions)
  })
})

// ---- deploy/kubernetes ----------------------------------------------------------

describe('deploy/kubernetes', () => {
  const dir = 'deploy/kubernetes'
  const files = readdirSync(join(ROOT, dir)).filter((f) => /\.ya?ml$/.test(f))
  const docs = files.flatMap((f) =>
    parseAllDocuments(read(`${dir}/${f}`)).map((d) => {
      expect(d.errors, f).toEqual([])
      return { file: f, doc: d.toJS() as Obj }
    }),
  )
  const kustomization = docs.find((d) => d.file === 'kustomization.yaml')?.doc as Obj
  const objects = docs.filter((d) => d.file !== 'kustomization.yaml').map((d) => d.doc)
  const ofKind = (kind: string) => objects.filter((o) => o['kind'] === kind)
  const deployments = ofKind('Deployment')
  const secrets = new Map(ofKind('Secret').map((s) => [s['metadata'].name, { ...s['stringData'] } as Record<string, string>]))
  const configMaps = new Map(ofKind('ConfigMap').map((c) => [c['metadata'].name, c['data'] as Record<string, string>]))
  const roleOf = (d: Obj) => d['spec'].template.spec.containers[0].args[0] as Service
  const deployment = (r: Service) => deployments.find((d) => roleOf(d) === r) as Obj

  /** The config a container sees: its mounted vigil.yaml and its environment, Secrets resolved. */
  function containerConfig(d: Obj): Obj {
    const pod = d['spec'].template.spec
    const c = pod.containers[0]
    const env: Record<string, string> = {}
    for (const e of c.env ?? []) {
      if (e.value !== undefined) env[e.name] = String(e.value)
      else if (e.valueFrom?.secretKeyRef !== undefined) {
        const { name, key } = e.valueFrom.secretKeyRef
        expect(secrets.get(name)?.[key], `${d['metadata'].name}: Secret ${name} has ${key}`).toBeDefined()
        env[e.name] = secrets.get(name)?.[key] as string
      } else throw new Error(`${d['metadata'].name}: unsupported env source for ${e.name}`)
    }
    for (const name of Object.keys(env).filter((n) => n.startsWith('VIGIL_'))) expectConfigEnvName(name)
    const mount = c.volumeMounts.find((m: Obj) => m.mountPath === env['VIGIL_CONFIG'])
    expect(mount, `${d['metadata'].name}: VIGIL_CONFIG is mounted`).toBeDefined()
    const volume = pod.volumes.find((v: Obj) => v.name === mount.name)
    const text = configMaps.get(volume.configMap?.name)?.[mount.subPath]
    expect(text, `${d['metadata'].name}: ${mount.subPath} in ConfigMap ${volume.configMap?.name}`).toBeDefined()
    const file = join(scratch, `${d['metadata'].name}.yaml`)
    writeFileSync(file, text as string)
    return effectiveConfig(roleOf(d), file, env)
  }

  it('lists in kustomization.yaml exactly the manifests that exist, with a pinned image', () => {
    expect(kustomization).toMatchObject({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', namespace: 'vigil' })
    for (const r of kustomization['resources']) expect(existsSync(join(ROOT, dir, r)), `${r} exists`).toBe(true)
    expect([...kustomization['resources']].sort()).toEqual(files.filter((f) => f !== 'kustomization.yaml').sort())
    for (const image of kustomization['images'] ?? []) expect(image['newTag']).toMatch(/^\d+\.\d+\.\d+/)
  })

  it('holds only the expected kinds, with the three services', () => {
    const allowed = ['Namespace', 'ServiceAccount', 'ConfigMap', 'Secret', 'Deployment', 'Service', 'PodDisruptionBudget']
    for (const o of objects) expect(allowed, `${o['kind']} ${o['metadata']?.name}`).toContain(o['kind'])
    expect(deployments.map(roleOf).sort()).toEqual(['analyzer', 'api', 'ingest'])
    expect(deployment('ingest')['spec'].replicas).toBe(2)
    expect(ofKind('Namespace')).toHaveLength(1)
  })

  it('gives every container probes, a memory limit within 512Mi and a locked-down security context', () => {
    for (const d of deployments) {
      const name = d['metadata'].name
      const pod = d['spec'].template.spec
      expect(pod.securityContext, name).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } })
      expect(pod.securityContext.runAsUser, name).toBeGreaterThan(0)
      expect(pod.automountServiceAccountToken, name).toBe(false)
      for (const c of pod.containers) {
        expectPinned(c.image, name)
        for (const probe of ['livenessProbe', 'readinessProbe']) {
          expect(c[probe]?.httpGet?.path, `${name} ${probe}`).toMatch(/^\/(healthz|readyz)$/)
          const port = c[probe].httpGet.port
          expect(c.ports.some((p: Obj) => p.name === port || p.containerPort === port), `${name} ${probe} port ${port} is declared`).toBe(true)
        }
        const limit = memoryBytes(c.resources?.limits?.memory)
        expect(limit, `${name} memory limit`).toBeLessThanOrEqual(512 * 2 ** 20)
        expect(memoryBytes(c.resources?.requests?.memory), `${name} memory request`).toBeLessThanOrEqual(limit)
        expect(c.resources?.requests?.cpu, `${name} cpu request`).toBeDefined()
        expect(c.securityContext, name).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true })
        expect(c.securityContext.capabilities?.drop, name).toContain('ALL')
      }
    }
    expect(deployment('ingest')['spec'].template.spec.containers[0].readinessProbe.httpGet.path).toBe('/readyz')
    expect(deployment('api')['spec'].template.spec.containers[0].readinessProbe.httpGet.path).toBe('/readyz')
  })

  it("ships a vigil.yaml that passes all three services' schemas", () => {
    const text = configMaps.get('vigil-config')?.['vigil.yaml']
    expect(text).toBeDefined()
    const file = join(scratch, 'configmap-vigil.yaml')
    writeFileSync(file, text as string)
    for (const service of ['ingest', 'analyzer', 'api'] as const) effectiveConfig(service, file, {})
  })

  it('gives each Deployment a config that starts it: Kafka, ClickHouse, tokens, listeners on the probed ports', () => {
    const ingest = containerConfig(deployment('ingest'))
    const analyzer = containerConfig(deployment('analyzer'))
    const api = containerConfig(deployment('api'))
    expect(ingest['event_log'].type).toBe('kafka')
    expect(analyzer['event_log'].type).toBe('kafka')
    expect(analyzer['store'].type).toBe('clickhouse')
    expect(api['store'].type).toBe('clickhouse')
    expect(ingest['ingest'].tokens.length).toBeGreaterThan(0)
    expect(api['api'].tokens.length).toBeGreaterThan(0)
    expect(deployment('analyzer')['spec'].replicas, 'analyzers <= partitions').toBeLessThanOrEqual(analyzer['event_log'].partitions)

    const listen: [Service, Obj, string, number][] = [
      ['ingest', ingest, ingest['ingest'].host, ingest['ingest'].port],
      ['analyzer', analyzer, analyzer['analyzer'].metrics_host, analyzer['analyzer'].metrics_port],
      ['api', api, api['api'].host, api['api'].port],
    ]
    for (const [r, , host, port] of listen) {
      expect(host, `${r} listens beyond loopback`).toBe('0.0.0.0')
      const c = deployment(r)['spec'].template.spec.containers[0]
      expect(c.ports.map((p: Obj) => p.containerPort), `${r} exposes ${port}`).toContain(port)
    }
    // ingest serves HTTPS when configured: its probes must say so, and the files must be mounted.
    const ingestPod = deployment('ingest')['spec'].template.spec
    if (ingest['ingest'].tls !== undefined) {
      for (const probe of ['livenessProbe', 'readinessProbe']) expect(ingestPod.containers[0][probe].httpGet.scheme).toBe('HTTPS')
      for (const f of [ingest['ingest'].tls.cert_file, ingest['ingest'].tls.key_file]) {
        expect(ingestPod.containers[0].volumeMounts.some((m: Obj) => f.startsWith(`${m.mountPath}/`)), `${f} is on a mounted volume`).toBe(true)
      }
    }
  })

  it('routes Services and PodDisruptionBudgets to the right pods', () => {
    const podsMatching = (selector: Record<string, string>) => deployments.filter((d) => Object.entries(selector).every(([k, v]) => d['spec'].template.metadata.labels[k] === v))
    for (const s of ofKind('Service')) {
      const targets = podsMatching(s['spec'].selector)
      expect(targets, `Service ${s['metadata'].name} selects one Deployment`).toHaveLength(1)
      const ports = targets[0]?.['spec'].template.spec.containers[0].ports as Obj[]
      for (const p of s['spec'].ports) expect(ports.some((cp) => cp['name'] === p.targetPort || cp['containerPort'] === p.targetPort), `${s['metadata'].name} -> ${p.targetPort}`).toBe(true)
    }
    expect(ofKind('Service').map((s) => roleOf(podsMatching(s['spec'].selector)[0] as Obj))).toEqual(expect.arrayContaining(['ingest', 'api']))
    const pdbs = ofKind('PodDisruptionBudget')
    const ingestPdb = pdbs.find((p) => podsMatching(p['spec'].selector.matchLabels).some((d) => roleOf(d) === 'ingest'))
    expect(ingestPdb?.['spec'].minAvailable).toBe(1)
    for (const d of deployments) expect(d['spec'].selector.matchLabels).toEqual(expect.objectContaining({ 'app.kubernetes.io/component': roleOf(d) }))
  })
})

// ---- deploy/apiserver ------------------------------------------------------------

interface AuditRule {
  level: string
  users?: string[]
  userGroups?: string[]
  verbs?: string[]
  namespaces?: string[]
  resources?: { group?: string; resources?: string[]; resourceNames?: string[] }[]
  nonResourceURLs?: string[]
}
interface AuditRequest {
  user?: string
  groups?: string[]
  verb: string
  namespace?: string
  group?: string
  resource?: string
  subresource?: string
  path?: string
}

/** k8s.io/apiserver/pkg/audit/policy/checker.go, ruleMatches. */
function ruleMatches(rule: AuditRule, req: AuditRequest): boolean {
  const user = req.user ?? 'alice@example.com'
  if (rule.users?.length && !rule.users.includes(user)) return false
  if (rule.userGroups?.length && !(req.groups ?? ['system:authenticated']).some((g) => rule.userGroups?.includes(g))) return false
  if (rule.verbs?.length && !rule.verbs.includes(req.verb)) return false
  if (req.path !== undefined) {
    if (rule.resources?.length || rule.namespaces?.length) return false
    if (!rule.nonResourceURLs?.length) return true
    return rule.nonResourceURLs.some((spec) => spec === '*' || spec === req.path || (spec.endsWith('*') && req.path?.startsWith(spec.replace(/\*+$/, ''))))
  }
  if (rule.nonResourceURLs?.length) return false
  if (rule.namespaces?.length && !rule.namespaces.includes(req.namespace ?? '')) return false
  if (!rule.resources?.length) return true
  const sub = req.subresource ?? ''
  const combined = sub === '' ? req.resource : `${req.resource}/${sub}`
  return rule.resources.some(
    (gr) =>
      (gr.group ?? '') === (req.group ?? '') &&
      (!gr.resources?.length ||
        gr.resources.some((r) => r === '*' || r === combined || (sub !== '' && r === `*/${sub}`) || (r.endsWith('/*') && r.slice(0, -2) === req.resource))),
  )
}

describe('deploy/apiserver', () => {
  const policy = parse(read('deploy/apiserver/audit-policy.yaml')) as Obj
  const rules = policy['rules'] as AuditRule[]
  const levelOf = (req: AuditRequest) => rules.find((r) => ruleMatches(r, req))?.level ?? 'None'
  const WRITES = ['create', 'update', 'patch', 'delete']
  const sensitive: AuditRequest[] = [
    { verb: '', group: '', resource: 'secrets', namespace: 'prod' },
    { verb: '', group: '', resource: 'configmaps', namespace: 'prod' },
    { verb: '', group: 'authentication.k8s.io', resource: 'tokenreviews' },
  ]

  it('is an audit.k8s.io/v1 Policy that omits RequestReceived and managedFields', () => {
    expect(policy).toMatchObject({ apiVersion: 'audit.k8s.io/v1', kind: 'Policy', omitManagedFields: true })
    expect(policy['omitStages']).toEqual(['RequestReceived'])
    for (const r of rules) expect(['None', 'Metadata', 'Request', 'RequestResponse']).toContain(r.level)
    expect(rules.at(-1), 'a catch-all last rule at Metadata, so nothing is unlogged by default').toEqual({ level: 'Metadata' })
  })

  it('puts Secrets, ConfigMaps and TokenReviews at Metadata before any broader rule; only ConfigMap writes carry a body', () => {
    const first = rules.findIndex((r) => r.level === 'Metadata' && sensitive.every((s) => ruleMatches(r, { ...s, verb: 'get' })))
    expect(first, 'a Metadata rule names all three').toBeGreaterThanOrEqual(0)
    const configMapWrites = ['create', 'update', 'patch']
    for (const r of rules.slice(0, first)) {
      for (const s of sensitive) {
        for (const verb of ['get', 'list', 'watch', ...WRITES]) {
          const allowed = r.level === 'None' ? false : r.level === 'Request' && s.resource === 'configmaps' && configMapWrites.includes(verb)
          if (!allowed) expect(ruleMatches(r, { ...s, verb }), `${JSON.stringify(r)} must not hide or expose ${verb} ${s.resource}`).toBe(false)
        }
      }
    }
    for (const s of sensitive) {
      for (const verb of ['get', 'list', 'watch', ...WRITES]) {
        for (const who of [{}, { user: 'system:kube-controller-manager' }, { user: 'system:node:n1', groups: ['system:nodes'] }]) {
          const expected = s.resource === 'configmaps' && configMapWrites.includes(verb) ? 'Request' : 'Metadata'
          expect(levelOf({ ...s, ...who, verb }), `${verb} ${s.resource}`).toBe(expected)
        }
      }
    }
  })

  it('blinds and degrades no enabled shipped rule (vigil rules coverage), and would blind the opt-in Secret-type rules', () => {
    const ruleset = loadRuleset([BUILTIN_RULES_DIR], ROOT)
    const auditPolicy = parseAuditPolicy(read('deploy/apiserver/audit-policy.yaml'), 'audit-policy.yaml')
    const report = policyCoverage(ruleset, auditPolicy)
    expect(report.rules.filter((r) => r.status !== 'covered').map((r) => `${r.rule_id}: ${r.gaps[0]?.detail}`)).toEqual([])
    expect(report.summary.covered).toBe(ruleset.rules.filter((r) => r.enabled && !r.inert).length)
    const optIn = policyCoverage({ ...ruleset, rules: ruleset.rules.map((r) => (r.id.includes('sa-token-secret-created') ? { ...r, enabled: true } : r)) }, auditPolicy)
    expect(optIn.rules.filter((r) => r.status === 'blind').map((r) => r.rule_id).sort()).toEqual(['persistence.sa-token-secret-created-by-human', 'secrets.sa-token-secret-created'])
  })

  it('never logs a minted service-account token', () => {
    expect(levelOf({ verb: 'create', group: '', resource: 'serviceaccounts', subresource: 'token', namespace: 'ml' })).not.toBe('RequestResponse')
    expect(levelOf({ verb: 'create', group: '', resource: 'serviceaccounts', subresource: 'token', namespace: 'ml' })).not.toBe('None')
  })

  it('logs the changes the rule packs read at RequestResponse, writes only', () => {
    const rr: [string, string, string?][] = [
      ['rbac.authorization.k8s.io', 'roles'],
      ['rbac.authorization.k8s.io', 'clusterroles'],
      ['rbac.authorization.k8s.io', 'rolebindings'],
      ['rbac.authorization.k8s.io', 'clusterrolebindings'],
      ['', 'pods'],
      ['', 'pods', 'ephemeralcontainers'],
      ['apps', 'deployments'],
      ['apps', 'statefulsets'],
      ['apps', 'daemonsets'],
      ['apps', 'replicasets'],
      ['batch', 'jobs'],
      ['batch', 'cronjobs'],
      ['', 'services'],
      ['networking.k8s.io', 'ingresses'],
      ['networking.k8s.io', 'networkpolicies'],
      ['admissionregistration.k8s.io', 'validatingwebhookconfigurations'],
      ['admissionregistration.k8s.io', 'mutatingwebhookconfigurations'],
      ['admissionregistration.k8s.io', 'validatingadmissionpolicies'],
      ['kyverno.io', 'clusterpolicies'],
      ['kyverno.io', 'policyexceptions'],
      ['templates.gatekeeper.sh', 'constrainttemplates'],
      ['constraints.gatekeeper.sh', 'k8srequiredlabels'],
      ['', 'namespaces'],
      ['certificates.k8s.io', 'certificatesigningrequests'],
      ['', 'resourcequotas'],
      ['', 'limitranges'],
      ['serving.kserve.io', 'inferenceservices'],
      ['kubeflow.org', 'notebooks'],
    ]
    for (const [group, resource, subresource] of rr) {
      for (const verb of WRITES) expect(levelOf({ verb, group, resource, subresource, namespace: 'prod' }), `${verb} ${group}/${resource}`).toBe('RequestResponse')
      expect(levelOf({ verb: 'list', group, resource, namespace: 'prod' }), `list ${group}/${resource}`).toBe('Metadata')
    }
    for (const sub of ['exec', 'attach', 'portforward']) {
      for (const verb of ['get', 'create']) expect(levelOf({ verb, group: '', resource: 'pods', subresource: sub, namespace: 'prod' }), `${verb} pods/${sub}`).toBe('RequestResponse')
    }
  })

  it('logs other writes at Request and drops only the noise', () => {
    expect(levelOf({ verb: 'create', group: 'apiextensions.k8s.io', resource: 'customresourcedefinitions' })).toBe('Request')
    expect(levelOf({ verb: 'create', group: 'kubeflow.org', resource: 'pytorchjobs', namespace: 'ml' })).toBe('Request')
    expect(levelOf({ verb: 'get', group: '', resource: 'pods', subresource: 'log', namespace: 'prod' })).toBe('Metadata')
    for (const path of ['/healthz', '/livez', '/readyz', '/readyz/etcd', '/metrics']) expect(levelOf({ verb: 'get', path }), path).toBe('None')
    expect(levelOf({ verb: 'get', path: '/version' })).toBe('Metadata')
    for (const user of ['system:kube-controller-manager', 'system:kube-scheduler']) {
      expect(levelOf({ user, verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system' }), user).toBe('None')
    }
    expect(levelOf({ verb: 'update', group: 'coordination.k8s.io', resource: 'leases', namespace: 'kube-system' }), 'a person touching a lease').not.toBe('None')
    expect(levelOf({ verb: 'create', group: '', resource: 'events', namespace: 'prod' })).toBe('None')
    expect(levelOf({ verb: 'delete', group: '', resource: 'events', namespace: 'prod' }), 'erasing Events stays on record').toBe('Request')
  })

  it.each(['token', 'mtls'])('has a valid %s kubeconfig for an https webhook', (variant) => {
    const kc = parse(read(`deploy/apiserver/webhook-kubeconfig-${variant}.yaml`)) as Obj
    expect(kc).toMatchObject({ apiVersion: 'v1', kind: 'Config' })
    const context = (kc['contexts'] as Obj[]).find((c) => c['name'] === kc['current-context'])?.['context'] as Obj
    expect(context, 'current-context exists').toBeDefined()
    const cluster = (kc['clusters'] as Obj[]).find((c) => c['name'] === context['cluster'])?.['cluster'] as Obj
    const user = (kc['users'] as Obj[]).find((u) => u['name'] === context['user'])?.['user'] as Obj
    expect(cluster).toBeDefined()
    expect(user).toBeDefined()
    const url = new URL(cluster['server'])
    expect(url.protocol, 'client-go sends credentials only over https').toBe('https:')
    expect(url.pathname).toBe('/v1/audit')
    expect(url.search).toBe('')
    expect(cluster['certificate-authority'] ?? cluster['certificate-authority-data']).toBeTruthy()
    expect(cluster['insecure-skip-tls-verify']).toBeUndefined()
    if (variant === 'token') {
      expect(user['token'] ?? user['tokenFile']).toBeTruthy()
    } else {
      expect(user['client-certificate'] ?? user['client-certificate-data']).toBeTruthy()
      expect(user['client-key'] ?? user['client-key-data']).toBeTruthy()
      expect(user['token']).toBeUndefined()
    }
  })
})

// ---- Dockerfile and the operations docs -------------------------------------------

describe('Dockerfile', () => {
  const dockerfile = read('Dockerfile')
  const workspaces = ['packages', 'services', 'apps'].flatMap((d) => readdirSync(join(ROOT, d)).map((p) => `${d}/${p}`)).filter((p) => existsSync(join(ROOT, p, 'package.json')))

  it('copies every workspace manifest (npm ci checks them all) and ships every runtime package', () => {
    for (const w of [...workspaces, 'bench']) expect(dockerfile, w).toContain(`COPY ${w}/package.json ${w}/`)
    for (const w of workspaces) expect(dockerfile, w).toContain(`COPY --from=build /app/${w}/dist/ ${w}/dist/`)
    for (const path of ['rules/', 'packages/store/migrations/', 'packages/cli/bin/']) expect(dockerfile).toContain(`COPY ${path} ${path}`)
  })

  it('builds with npm ci and npm run build, runs with production dependencies as a non-root user', () => {
    const from = [...dockerfile.matchAll(/^ARG NODE_IMAGE=(\S+)$/gm)].map((m) => m[1])
    expect(from).toHaveLength(1)
    expectPinned(from[0], 'Dockerfile')
    expect(dockerfile).toMatch(/^RUN npm ci$/m)
    expect(dockerfile).toMatch(/^RUN npm run build$/m)
    expect(dockerfile).toContain('npm ci --omit=dev --omit=optional')
    const user = /^USER (\d+)(?::(\d+))?$/m.exec(dockerfile)
    expect(Number(user?.[1]), 'numeric non-root USER').toBeGreaterThan(0)
    expect(dockerfile).toContain('ENTRYPOINT ["node", "packages/cli/bin/vigil.js"]')
    const ignored = read('.dockerignore').split('\n').map((l) => l.trim())
    for (const needed of ['rules', 'packages', 'services', 'bench', 'package.json', 'package-lock.json']) expect(ignored).not.toContain(needed)
  })
})

describe('docs/operations/clickhouse-cluster.md', () => {
  const doc = read('docs/operations/clickhouse-cluster.md')
  const migrations = readdirSync(join(ROOT, 'packages/store/migrations')).filter((f) => f.endsWith('.sql'))
  /** name -> { columns, orderBy, ttl } from CREATE TABLE statements. */
  function tables(sql: string): Map<string, { columns: string[]; orderBy: string; ttlDays?: number }> {
    const out = new Map<string, { columns: string[]; orderBy: string; ttlDays?: number }>()
    for (const m of sql.matchAll(/CREATE TABLE IF NOT EXISTS (?:vigil\.)?(\w+)(?: ON CLUSTER '\{cluster\}')?\s*\(([\s\S]*?)\n\)\s*\nENGINE[\s\S]*?ORDER BY ([^\n]+)\n(?:TTL [^\n]*toIntervalDay\((\d+)\)|TTL [^\n]*INTERVAL (\d+) DAY)?/g)) {
      const columns = (m[2] as string).split('\n').map((l) => l.replace(/--.*$/, '').trim().replace(/,$/, '').replace(/\s+/g, ' ')).filter((l) => l.length > 0)
      const ttl = m[4] ?? m[5]
      out.set(m[1] as string, { columns, orderBy: (m[3] as string).replace(/;$/, '').trim(), ...(ttl === undefined ? {} : { ttlDays: Number(ttl) }) })
    }
    return out
  }

  it('rests on migrations that only ever CREATE TABLE (or MATERIALIZED VIEW) IF NOT EXISTS', () => {
    expect(read('packages/store/src/migrate.ts')).toContain('CREATE TABLE IF NOT EXISTS vigil_schema_migrations')
    for (const f of migrations) {
      const statements = read(`packages/store/migrations/${f}`).replace(/^\s*--.*$/gm, '').split(/;\s*(?:\n|$)/).map((s) => s.trim()).filter(Boolean)
      // Tables, and materialized views feeding them (idempotent the same way).
      for (const s of statements) expect(s, f).toMatch(/^CREATE (TABLE|MATERIALIZED VIEW) IF NOT EXISTS \w+/)
    }
  })

  it("pre-creates every migrated table with the migration's columns, key and default TTL", () => {
    const documented = tables(doc)
    const retention = RetentionConfig.parse({})
    const defaults: Record<string, number> = { audit_events_v1: retention.audit_events_days, findings_v1: retention.findings_days, dead_letters_v1: retention.dead_letters_days }
    for (const f of migrations) {
      for (const [name, migrated] of tables(read(`packages/store/migrations/${f}`))) {
        const pre = documented.get(name)
        expect(pre, `${name} (${f}) is pre-created in the doc`).toBeDefined()
        expect(pre?.columns, name).toEqual(migrated.columns)
        expect(pre?.orderBy, name).toBe(migrated.orderBy)
        expect(pre?.ttlDays, name).toBe(defaults[name] ?? migrated.ttlDays)
      }
    }
    expect(documented.has('vigil_schema_migrations')).toBe(true)
  })
})

