/**
 * A deterministic mix of metadata-level audit events shaped like a busy
 * cluster's stream, ~0.9 KB each: mostly components reading, watching and
 * renewing leases and status, about 6% creates and deletes, about 3% by
 * people. docs/benchmarks.md gives the weights.
 */
const USERS = [
  'system:serviceaccount:kube-system:replicaset-controller',
  'system:serviceaccount:kube-system:deployment-controller',
  'system:kube-controller-manager',
  'system:kube-scheduler',
  'system:node:ip-10-0-12-34.ec2.internal',
  'system:serviceaccount:kubeflow:ml-pipeline',
  'system:serviceaccount:kserve:kserve-controller-manager',
]
const PEOPLE = ['alice@example.com', 'bob@example.com', 'carol@example.com']
/** [resource, group, weight] */
const RESOURCES: [string, string, number][] = [
  ['leases', 'coordination.k8s.io', 20],
  ['pods', '', 18],
  ['configmaps', '', 10],
  ['nodes', '', 8],
  ['endpointslices', 'discovery.k8s.io', 8],
  ['events', '', 8],
  ['secrets', '', 7],
  ['deployments', 'apps', 6],
  ['jobs', 'batch', 5],
  ['inferenceservices', 'serving.kserve.io', 4],
  ['serviceaccounts', '', 3],
  ['services', '', 3],
]
/** [verb, weight] */
const VERBS: [string, number][] = [
  ['get', 34],
  ['update', 22],
  ['list', 14],
  ['watch', 10],
  ['patch', 14],
  ['create', 4],
  ['delete', 2],
]
const NAMESPACES = ['default', 'kube-system', 'ml-train', 'ml-serving', 'vector-db', 'team-a']

function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0
    return s / 2 ** 32
  }
}

export function metadataEvents(count: number, seed = 1, idPrefix = 'bench'): Record<string, unknown>[] {
  const r = rng(seed)
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T
  const weighted = <T extends readonly unknown[]>(xs: readonly T[]): T => {
    const total = xs.reduce((n, x) => n + (x[x.length - 1] as number), 0)
    let at = r() * total
    for (const x of xs) if ((at -= x[x.length - 1] as number) < 0) return x
    return xs[xs.length - 1] as T
  }
  const out: Record<string, unknown>[] = []
  const base = Date.parse('2026-11-01T10:00:00Z')
  for (let i = 0; i < count; i++) {
    const [resource, group] = weighted(RESOURCES)
    const [verb] = weighted(VERBS)
    const ns = pick(NAMESPACES)
    const user = r() < 0.03 ? pick(PEOPLE) : pick(USERS)
    const name = verb === 'list' || verb === 'watch' || verb === 'create' ? undefined : `${resource.slice(0, -1)}-${Math.floor(r() * 500)}`
    const ts = new Date(base + i * 3).toISOString().replace('Z', '123Z')
    const code = r() < 0.03 ? 403 : verb === 'create' ? 201 : 200
    out.push({
      kind: 'Event',
      apiVersion: 'audit.k8s.io/v1',
      level: 'Metadata',
      auditID: `${idPrefix}-${seed}-${i}-${Math.floor(r() * 1e9).toString(16)}`,
      stage: 'ResponseComplete',
      requestURI: `/${group === '' ? 'api/v1' : `apis/${group}/v1`}/namespaces/${ns}/${resource}${name === undefined ? '?limit=500&resourceVersion=0' : `/${name}`}`,
      verb,
      user: { username: user, uid: '6c0e1f2a-9d3b-4c1e-8f0a-1b2c3d4e5f60', groups: user.startsWith('system:serviceaccount') ? ['system:serviceaccounts', `system:serviceaccounts:${user.split(':')[2]}`, 'system:authenticated'] : ['system:authenticated'] },
      sourceIPs: ['10.0.12.34'],
      userAgent: 'kube-controller-manager/v1.31.2 (linux/amd64) kubernetes/5864a46/system:serviceaccount:kube-system:replicaset-controller',
      objectRef: { resource, namespace: ns, ...(name === undefined ? {} : { name }), ...(group === '' ? {} : { apiGroup: group }), apiVersion: 'v1' },
      responseStatus: { metadata: {}, code },
      requestReceivedTimestamp: ts,
      stageTimestamp: ts,
      annotations: {
        'authorization.k8s.io/decision': code === 403 ? 'forbid' : 'allow',
        'authorization.k8s.io/reason': code === 403 ? '' : `RBAC: allowed by ClusterRoleBinding "system:controller:${resource}" of ClusterRole "system:controller:${resource}" to ServiceAccount "controller/kube-system"`,
      },
    })
  }
  return out
}

export function eventListBody(events: readonly unknown[]): string {
  return JSON.stringify({ kind: 'EventList', apiVersion: 'audit.k8s.io/v1', metadata: {}, items: events })
}
