import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '@vigil/core'
import { CEL_FUNCTIONS } from './cel.js'
import { compileRules } from './compile.js'
import { evaluateEvent } from './evaluate.js'
import { allContainers, glob, globToRegExp, imageRegistry, imageRepository, podSpec, queryParam, queryParams, toJson } from './functions.js'

const SPEC = { containers: [{ name: 'app', image: 'nginx' }], initContainers: [{ name: 'init', image: 'busybox' }] }

describe('podSpec', () => {
  it('finds the spec of a Pod', () => {
    expect(podSpec({ kind: 'Pod', spec: SPEC })).toBe(SPEC)
    expect(podSpec({ kind: 'Pod' })).toEqual({})
    expect(podSpec({ kind: 'Pod', spec: 'nonsense' })).toEqual({})
  })

  it('finds the template spec of workloads', () => {
    for (const kind of ['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet', 'Job']) {
      expect(podSpec({ kind, spec: { replicas: 2, template: { metadata: {}, spec: SPEC } } }), kind).toBe(SPEC)
    }
    expect(podSpec({ kind: 'Deployment', spec: { replicas: 2 } })).toEqual({})
  })

  it('finds the job template spec of a CronJob', () => {
    expect(podSpec({ kind: 'CronJob', spec: { schedule: '* * * * *', jobTemplate: { spec: { template: { spec: SPEC } } } } })).toBe(SPEC)
  })

  it('finds the spec in a merge patch, which has no kind', () => {
    expect(podSpec({ spec: { template: { spec: SPEC } } })).toBe(SPEC)
    expect(podSpec({ spec: { jobTemplate: { spec: { template: { spec: SPEC } } } } })).toBe(SPEC)
    expect(podSpec({ spec: SPEC })).toBe(SPEC)
    expect(podSpec({ spec: { hostPID: true } })).toEqual({ hostPID: true })
    expect(podSpec({ metadata: { labels: { a: 'b' } } })).toEqual({})
  })

  it('finds the template of a PodTemplate', () => {
    expect(podSpec({ kind: 'PodTemplate', template: { spec: SPEC } })).toBe(SPEC)
  })

  it('is {} for unrelated objects and non-objects', () => {
    expect(podSpec({ kind: 'ConfigMap', data: { a: 'b' } })).toEqual({})
    expect(podSpec({ kind: 'Service', spec: { ports: [{ port: 80 }] } })).toEqual({})
    for (const v of [null, undefined, 'pod', 3, [SPEC]]) expect(podSpec(v)).toEqual({})
  })
})

describe('allContainers', () => {
  it('lists containers, then init containers, then ephemeral containers', () => {
    const spec = { ...SPEC, ephemeralContainers: [{ name: 'debug', image: 'alpine' }] }
    const names = (v: unknown) => allContainers(v).map((c) => c['name'])
    expect(names({ kind: 'Pod', spec })).toEqual(['app', 'init', 'debug'])
    expect(names(spec)).toEqual(['app', 'init', 'debug'])
    expect(names({ kind: 'Deployment', spec: { template: { spec } } })).toEqual(['app', 'init', 'debug'])
    expect(names({ kind: 'CronJob', spec: { jobTemplate: { spec: { template: { spec: { initContainers: [{ name: 'only-init' }] } } } } } })).toEqual(['only-init'])
  })

  it('skips entries that are not objects and is [] when there is no pod spec', () => {
    expect(allContainers({ containers: [{ name: 'a' }, null, 'b', [1]] })).toEqual([{ name: 'a' }])
    expect(allContainers({ kind: 'ConfigMap', data: {} })).toEqual([])
    expect(allContainers({ kind: 'Pod', spec: { containers: 'x' } })).toEqual([])
    expect(allContainers(undefined)).toEqual([])
  })
})

describe('imageRepository and imageRegistry', () => {
  it('drops the tag and the digest, keeps a registry port', () => {
    expect(imageRepository('nginx')).toBe('nginx')
    expect(imageRepository('nginx:1.25')).toBe('nginx')
    expect(imageRepository('library/nginx:1.25-alpine')).toBe('library/nginx')
    expect(imageRepository('reg.io:5000/team/app:1.2')).toBe('reg.io:5000/team/app')
    expect(imageRepository('reg.io:5000/team/app')).toBe('reg.io:5000/team/app')
    expect(imageRepository('app@sha256:0123abcd')).toBe('app')
    expect(imageRepository('reg.io:5000/team/app:1.2@sha256:0123abcd')).toBe('reg.io:5000/team/app')
    expect(imageRepository('ghcr.io/org/app@sha256:0123abcd')).toBe('ghcr.io/org/app')
  })

  it('names the registry host, docker.io when there is none', () => {
    expect(imageRegistry('nginx')).toBe('docker.io')
    expect(imageRegistry('nginx:1.25')).toBe('docker.io')
    expect(imageRegistry('library/nginx')).toBe('docker.io')
    expect(imageRegistry('bitnami/redis:7@sha256:0123')).toBe('docker.io')
    expect(imageRegistry('docker.io/library/nginx')).toBe('docker.io')
    expect(imageRegistry('ghcr.io/org/app:1')).toBe('ghcr.io')
    expect(imageRegistry('reg.io:5000/team/app:1.2')).toBe('reg.io:5000')
    expect(imageRegistry('myregistry:5000/app')).toBe('myregistry:5000')
    expect(imageRegistry('localhost/app:dev')).toBe('localhost')
    expect(imageRegistry('localhost:5000/app')).toBe('localhost:5000')
    expect(imageRegistry('123456789.dkr.ecr.eu-west-1.amazonaws.com/app@sha256:ab')).toBe('123456789.dkr.ecr.eu-west-1.amazonaws.com')
  })
})

describe('glob', () => {
  it('* matches any run of characters, everything else is literal', () => {
    expect(glob('system:serviceaccount:kube-system:foo', 'system:serviceaccount:kube-system:*')).toBe(true)
    expect(glob('abbc', 'a*c')).toBe(true)
    expect(glob('ac', 'a*c')).toBe(true)
    expect(glob('abcd', 'a*c')).toBe(false)
    expect(glob('', '*')).toBe(true)
    expect(glob('a.c', 'a.c')).toBe(true)
    expect(glob('abc', 'a.c')).toBe(false)
    expect(glob('(x)+', '(x)+')).toBe(true)
    expect(glob('xx', '(x)+')).toBe(false)
    expect(glob('a?', 'a?')).toBe(true)
    expect(glob('ab', 'a?')).toBe(false)
    expect(glob('$[^]\\', '$[^]\\')).toBe(true)
    expect(glob('line1\nline2', 'line1*')).toBe(true)
    expect(glob('xa', 'a')).toBe(false)
  })

  it('compiles a pattern once', () => {
    expect(globToRegExp('kube-*')).toBe(globToRegExp('kube-*'))
  })
})

describe('queryParam and queryParams', () => {
  const exec = '/api/v1/namespaces/ns/pods/p/exec?command=sh&command=-c&command=echo%20hi%26bye&container=app&stdin=true&tty'

  it('returns every value of a repeated parameter, in order, decoded', () => {
    expect(queryParams(exec, 'command')).toEqual(['sh', '-c', 'echo hi&bye'])
    expect(queryParams(exec, 'container')).toEqual(['app'])
    expect(queryParams(exec, 'tty')).toEqual([''])
    expect(queryParams(exec, 'missing')).toEqual([])
    expect(queryParams('/api/v1/pods', 'command')).toEqual([])
  })

  it('returns the first value, or ""', () => {
    expect(queryParam(exec, 'command')).toBe('sh')
    expect(queryParam(exec, 'container')).toBe('app')
    expect(queryParam(exec, 'tty')).toBe('')
    expect(queryParam(exec, 'missing')).toBe('')
    expect(queryParam('/api/v1/pods', 'command')).toBe('')
  })

  it('decodes + as a space and encoded names, and keeps malformed escapes as written', () => {
    expect(queryParam('/x?q=a+b%2Bc', 'q')).toBe('a b+c')
    expect(queryParam('/x?comm%61nd=ls', 'command')).toBe('ls')
    expect(queryParams('/x?command=%E0%A4%A&command=100%&command=ok', 'command')).toEqual(['%E0%A4%A', '100%', 'ok'])
    expect(queryParam('/x?a=1=2', 'a')).toBe('1=2')
  })
})

describe('toJson', () => {
  it('renders JSON, bigints as numbers, and "" for what cannot be rendered', () => {
    expect(toJson({ a: [1, 'b', null], c: true })).toBe('{"a":[1,"b",null],"c":true}')
    expect(toJson(10n)).toBe('10')
    expect(toJson({ n: 2n })).toBe('{"n":2}')
    expect(toJson('x')).toBe('"x"')
    expect(toJson(undefined)).toBe('')
    const loop: Record<string, unknown> = {}
    loop['self'] = loop
    expect(toJson(loop)).toBe('')
  })
})

describe('the functions in CEL', () => {
  function fires(condition: string, over: Partial<AuditEvent>): boolean {
    const text = `lists:\n  - { name: bad, items: ["198.51.100.0/24"] }\nrules:\n  - id: f.r\n    title: T\n    description: D\n    severity: low\n    output: o\n    condition: '${condition.replace(/'/g, "''")}'\n`
    const result = evaluateEvent(compileRules([{ file: 'f.yaml', text }]), {
      auditID: 'f-1',
      stage: 'ResponseComplete',
      requestURI: '/',
      verb: 'create',
      user: { username: 'alice' },
      requestReceivedTimestamp: '2026-03-01T10:00:00Z',
      stageTimestamp: '2026-03-01T10:00:00Z',
      ...over,
    }, 'c1')
    expect(result.errors).toEqual([])
    return result.hits.length === 1
  }

  const deployment = {
    kind: 'Deployment',
    spec: { template: { spec: { hostPID: true, containers: [{ name: 'a', image: 'ghcr.io/org/app:1' }], initContainers: [{ name: 'i', image: 'busybox' }] } } },
  }

  it('are registered under the documented names', () => {
    expect(CEL_FUNCTIONS.map((f) => f.slice(0, f.indexOf('(')))).toEqual(['glob', 'image_repository', 'image_registry', 'pod_spec', 'all_containers', 'query_param', 'query_params', 'to_json', 'ip_private', 'ip_public', 'ip_loopback', 'ip_link_local', 'ip_cloud_metadata', 'ip_in', 'client_ip', 'peer_ip', 'pod_security_violations'])
  })

  it('work over events', () => {
    expect(fires('pod_spec(requestObject).hostPID == true', { requestObject: deployment })).toBe(true)
    expect(fires('pod_spec(requestObject) == {}', { requestObject: { kind: 'ConfigMap' } })).toBe(true)
    expect(fires('size(all_containers(requestObject)) == 2', { requestObject: deployment })).toBe(true)
    expect(fires('all_containers(requestObject).map(c, image_registry(c.image)) == ["ghcr.io", "docker.io"]', { requestObject: deployment })).toBe(true)
    expect(fires('all_containers(requestObject).exists(c, image_repository(c.image) == "ghcr.io/org/app")', { requestObject: deployment })).toBe(true)
    expect(fires('glob(user.username, "ali*")', {})).toBe(true)
    expect(fires('glob(user.username, "bob*")', {})).toBe(false)
    expect(fires('query_params(requestURI, "command") == ["sh", "-c"] && query_param(requestURI, "container") == "c"', { requestURI: '/p/exec?command=sh&command=-c&container=c' })).toBe(true)
    expect(fires('to_json(requestObject).contains("\\"hostPID\\":true")', { requestObject: deployment })).toBe(true)
    expect(fires('to_json({"a": 1}) == "{\\"a\\":1}"', {})).toBe(true)
    expect(fires('sourceIPs.exists(ip, ip_public(ip)) && ip_private(peer_ip(sourceIPs)) && client_ip(sourceIPs) == "8.8.8.8"', { sourceIPs: ['8.8.8.8', '10.0.0.2'] })).toBe(true)
    expect(fires('sourceIPs.exists(ip, ip_in(ip, lists.bad))', { sourceIPs: ['10.0.0.2', '198.51.100.9'] })).toBe(true)
  })
})
