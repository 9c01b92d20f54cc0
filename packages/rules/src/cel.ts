import { Environment } from '@marcbachmann/cel-js'
import { createAddressFunctions } from './addresses.js'
import { podSecurityViolations } from './pod-security.js'
import { allContainers, glob, imageRegistry, imageRepository, podSpec, queryParam, queryParams, toJson } from './functions.js'

/** The variables a rule condition can use; docs/rules.md describes each. */
export const CEL_VARIABLES = {
  event: 'dyn',
  cluster: 'string',
  auditID: 'string',
  stage: 'string',
  level: 'string',
  verb: 'string',
  requestURI: 'string',
  userAgent: 'string',
  user: 'map',
  impersonatedUser: 'map',
  objectRef: 'map',
  responseStatus: 'map',
  requestObject: 'dyn',
  responseObject: 'dyn',
  annotations: 'map',
  sourceIPs: 'list',
  lists: 'map',
} as const

export type CelVariable = keyof typeof CEL_VARIABLES

/** Whether `name` is one of the variables (an own key: `constructor` and `toString` are not). */
export function isCelVariable(name: string): name is CelVariable {
  return Object.hasOwn(CEL_VARIABLES, name)
}

export const CEL_FUNCTIONS = [
  'glob(string, string): bool',
  'image_repository(string): string',
  'image_registry(string): string',
  'pod_spec(dyn): dyn',
  'all_containers(dyn): list',
  'query_param(string, string): string',
  'query_params(string, string): list',
  'to_json(dyn): string',
  'ip_private(string): bool',
  'ip_public(string): bool',
  'ip_loopback(string): bool',
  'ip_link_local(string): bool',
  'ip_cloud_metadata(string): bool',
  'ip_in(string, list): bool',
  'client_ip(list): string',
  'peer_ip(list): string',
  'pod_security_violations(dyn, dyn): list',
] as const

/** The base CEL environment: the event variables and vigil's helper functions. */
export function createBaseEnvironment(): Environment {
  const ip = createAddressFunctions()
  let env = new Environment({ enableOptionalTypes: true, homogeneousAggregateLiterals: false })
  for (const [name, type] of Object.entries(CEL_VARIABLES)) env = env.registerVariable(name, type)
  return env
    .registerFunction('glob(string, string): bool', (v: string, p: string) => glob(v, p))
    .registerFunction('image_repository(string): string', (s: string) => imageRepository(s))
    .registerFunction('image_registry(string): string', (s: string) => imageRegistry(s))
    .registerFunction('pod_spec(dyn): dyn', (o: unknown) => podSpec(o))
    .registerFunction('all_containers(dyn): list', (o: unknown) => allContainers(o))
    .registerFunction('query_param(string, string): string', (u: string, n: string) => queryParam(u, n))
    .registerFunction('query_params(string, string): list', (u: string, n: string) => queryParams(u, n))
    .registerFunction('to_json(dyn): string', (v: unknown) => toJson(v))
    .registerFunction('ip_private(string): bool', (a: string) => ip.ipPrivate(a))
    .registerFunction('ip_public(string): bool', (a: string) => ip.ipPublic(a))
    .registerFunction('ip_loopback(string): bool', (a: string) => ip.ipLoopback(a))
    .registerFunction('ip_link_local(string): bool', (a: string) => ip.ipLinkLocal(a))
    .registerFunction('ip_cloud_metadata(string): bool', (a: string) => ip.ipCloudMetadata(a))
    .registerFunction('ip_in(string, list): bool', (a: string, l: readonly string[]) => ip.ipIn(a, l))
    .registerFunction('client_ip(list): string', (l: readonly unknown[]) => ip.clientIp(l))
    .registerFunction('peer_ip(list): string', (l: readonly unknown[]) => ip.peerIp(l))
    .registerFunction('pod_security_violations(dyn, dyn): list', (spec: unknown, annotations: unknown) => podSecurityViolations(spec, annotations))
}

export type CelProgram = ((activation: object) => unknown) & { ast: CelNode }

/** The AST node shape of @marcbachmann/cel-js, as far as vigil reads it. */
export interface CelNode {
  op: string
  args: unknown
  pos?: number
}
