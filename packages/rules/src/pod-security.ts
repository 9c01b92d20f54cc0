/**
 * The Pod Security Standards checks (baseline and restricted, as
 * kubernetes.io/docs/concepts/security/pod-security-standards defines them),
 * natively over a pod spec: one pass per event instead of a CEL comprehension
 * per check. Pure and total: odd input yields no violation.
 */

type Obj = Record<string, unknown>

const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)
const obj = (v: unknown): Obj => (isObj(v) ? v : {})
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : [])

const BASELINE_CAPABILITIES = new Set(['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'])
const SELINUX_TYPES = new Set(['container_t', 'container_init_t', 'container_kvm_t', 'container_engine_t'])
const SAFE_SYSCTLS = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.ip_unprivileged_port_start',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_local_reserved_ports',
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
])
const RESTRICTED_VOLUMES = new Set(['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'])
const APPARMOR_ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/'

/** The check names, as the pss pack's rules read them. */
export const POD_SECURITY_CHECKS = [
  'baseline.privileged',
  'baseline.host-namespaces',
  'baseline.host-process',
  'baseline.capabilities',
  'baseline.host-path',
  'baseline.host-ports',
  'baseline.apparmor',
  'baseline.selinux',
  'baseline.proc-mount',
  'baseline.seccomp',
  'baseline.sysctls',
  'restricted.volume-types',
  'restricted.privilege-escalation',
  'restricted.run-as-non-root',
  'restricted.run-as-root-user',
  'restricted.seccomp',
  'restricted.capabilities',
] as const

/**
 * The checks a pod spec fails. `annotations` are the pod's (or the pod
 * template's), for the AppArmor annotation. Checks of a field's absence
 * (restricted.privilege-escalation, run-as-non-root, seccomp, capabilities)
 * are meaningful only for a whole spec, not a merge patch: the rules say which verbs.
 */
export function podSecurityViolations(spec: unknown, annotations: unknown = {}): string[] {
  const s = obj(spec)
  const podSc = obj(s['securityContext'])
  const containers = [...arr(s['containers']), ...arr(s['initContainers']), ...arr(s['ephemeralContainers'])].filter(isObj)
  const scs = containers.map((c) => obj(c['securityContext']))
  const out = new Set<string>()
  const add = (name: (typeof POD_SECURITY_CHECKS)[number], failed: boolean) => {
    if (failed) out.add(name)
  }
  add('baseline.privileged', scs.some((sc) => sc['privileged'] === true))
  add('baseline.host-namespaces', s['hostNetwork'] === true || s['hostPID'] === true || s['hostIPC'] === true)
  add('baseline.host-process', obj(podSc['windowsOptions'])['hostProcess'] === true || scs.some((sc) => obj(sc['windowsOptions'])['hostProcess'] === true))
  const added = scs.map((sc) => arr(obj(sc['capabilities'])['add']))
  add('baseline.capabilities', added.some((caps) => caps.some((a) => typeof a !== 'string' || !BASELINE_CAPABILITIES.has(a))))
  const volumes = arr(s['volumes']).filter(isObj)
  add('baseline.host-path', volumes.some((v) => 'hostPath' in v))
  add('baseline.host-ports', containers.some((c) => arr(c['ports']).some((p) => typeof obj(p)['hostPort'] === 'number' && (obj(p)['hostPort'] as number) !== 0)))
  const ann = obj(annotations)
  add(
    'baseline.apparmor',
    Object.entries(ann).some(([k, v]) => k.startsWith(APPARMOR_ANNOTATION) && v === 'unconfined') ||
      obj(podSc['appArmorProfile'])['type'] === 'Unconfined' ||
      scs.some((sc) => obj(sc['appArmorProfile'])['type'] === 'Unconfined'),
  )
  add(
    'baseline.selinux',
    [podSc, ...scs].some((sc) => {
      const o = sc['seLinuxOptions']
      if (!isObj(o)) return false
      return ('type' in o && !(typeof o['type'] === 'string' && (o['type'] === '' || SELINUX_TYPES.has(o['type'])))) || (typeof o['user'] === 'string' && o['user'] !== '') || (typeof o['role'] === 'string' && o['role'] !== '')
    }),
  )
  add('baseline.proc-mount', scs.some((sc) => sc['procMount'] !== undefined && sc['procMount'] !== 'Default'))
  add('baseline.seccomp', obj(podSc['seccompProfile'])['type'] === 'Unconfined' || scs.some((sc) => obj(sc['seccompProfile'])['type'] === 'Unconfined'))
  add('baseline.sysctls', arr(podSc['sysctls']).some((x) => !SAFE_SYSCTLS.has(String(obj(x)['name'] ?? ''))))
  add('restricted.volume-types', volumes.some((v) => Object.keys(v).some((k) => k !== 'name' && !RESTRICTED_VOLUMES.has(k))))
  add('restricted.privilege-escalation', scs.some((sc) => sc['allowPrivilegeEscalation'] !== false))
  add('restricted.run-as-non-root', containers.length > 0 && !scs.every((sc) => (sc['runAsNonRoot'] ?? podSc['runAsNonRoot']) === true))
  add('restricted.run-as-root-user', podSc['runAsUser'] === 0 || scs.some((sc) => sc['runAsUser'] === 0))
  add('restricted.seccomp', scs.some((sc) => !['RuntimeDefault', 'Localhost'].includes(String(obj(sc['seccompProfile'])['type'] ?? obj(podSc['seccompProfile'])['type'] ?? ''))))
  add(
    'restricted.capabilities',
    scs.some((sc) => {
      const caps = obj(sc['capabilities'])
      return !arr(caps['drop']).includes('ALL') || arr(caps['add']).some((a) => a !== 'NET_BIND_SERVICE')
    }),
  )
  return [...out]
}
