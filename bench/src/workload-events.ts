/** Write requests at RequestResponse level: pods, deployments, RBAC, services, secrets, configmaps. */
export function workloadEvents(count: number, seed = 1): Record<string, unknown>[] {
  let s = seed >>> 0
  const r = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32)
  const out: Record<string, unknown>[] = []
  const base = Date.parse('2026-11-01T10:00:00Z')
  for (let i = 0; i < count; i++) {
    const ts = new Date(base + i * 7).toISOString()
    const user = r() < 0.3 ? 'alice@example.com' : 'system:serviceaccount:argocd:argocd-application-controller'
    const kind = Math.floor(r() * 6)
    const common = { kind: 'Event', apiVersion: 'audit.k8s.io/v1', level: 'RequestResponse', auditID: `w-${seed}-${i}`, stage: 'ResponseComplete', verb: 'create', user: { username: user, groups: ['system:authenticated'] }, sourceIPs: ['10.0.0.9'], userAgent: 'kubectl/v1.31.0', responseStatus: { metadata: {}, code: 201 }, requestReceivedTimestamp: ts, stageTimestamp: ts, annotations: { 'authorization.k8s.io/decision': 'allow', 'authorization.k8s.io/reason': '' } }
    const pod = (gpu: boolean, privileged: boolean) => ({
      containers: [{ name: 'main', image: gpu ? 'nvcr.io/nvidia/pytorch:24.01-py3' : 'registry.example.com/web:1.2.3', resources: { limits: gpu ? { 'nvidia.com/gpu': 2, cpu: '8' } : { cpu: '1' } }, securityContext: { privileged } }],
      initContainers: [{ name: 'init', image: 'busybox:1.36' }],
      volumes: [{ name: 'data', emptyDir: {} }],
    })
    switch (kind) {
      case 0:
        out.push({ ...common, requestURI: '/api/v1/namespaces/ml-train/pods', objectRef: { resource: 'pods', namespace: 'ml-train', apiVersion: 'v1' }, requestObject: { kind: 'Pod', apiVersion: 'v1', metadata: { generateName: 'train-' }, spec: pod(r() < 0.5, r() < 0.05) } })
        break
      case 1:
        out.push({ ...common, requestURI: '/apis/apps/v1/namespaces/web/deployments', objectRef: { resource: 'deployments', namespace: 'web', name: 'web', apiGroup: 'apps', apiVersion: 'v1' }, requestObject: { kind: 'Deployment', apiVersion: 'apps/v1', metadata: { name: 'web' }, spec: { replicas: 3, template: { metadata: { labels: { app: 'web' } }, spec: pod(false, false) } } } })
        break
      case 2:
        out.push({ ...common, requestURI: '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', objectRef: { resource: 'clusterrolebindings', name: 'ops', apiGroup: 'rbac.authorization.k8s.io', apiVersion: 'v1' }, requestObject: { kind: 'ClusterRoleBinding', roleRef: { kind: 'ClusterRole', name: r() < 0.1 ? 'cluster-admin' : 'view', apiGroup: 'rbac.authorization.k8s.io' }, subjects: [{ kind: 'User', name: 'bob@example.com' }] } })
        break
      case 3:
        out.push({ ...common, requestURI: '/api/v1/namespaces/web/services', objectRef: { resource: 'services', namespace: 'web', name: 'web', apiVersion: 'v1' }, requestObject: { kind: 'Service', spec: { type: r() < 0.2 ? 'LoadBalancer' : 'ClusterIP', ports: [{ port: 80 }] } } })
        break
      case 4:
        out.push({ ...common, level: 'Metadata', requestURI: '/api/v1/namespaces/payments/secrets', objectRef: { resource: 'secrets', namespace: 'payments', name: 'db', apiVersion: 'v1' } })
        break
      default:
        out.push({ ...common, requestURI: '/api/v1/namespaces/web/configmaps', objectRef: { resource: 'configmaps', namespace: 'web', name: 'settings', apiVersion: 'v1' }, requestObject: { kind: 'ConfigMap', data: { 'app.yaml': 'log_level: info\nfeature_x: true\n' } } })
    }
  }
  return out
}
