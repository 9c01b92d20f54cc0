import { describe, expect, it } from 'vitest'
import { podSecurityViolations } from './pod-security.js'

const restrictedOk = { allowPrivilegeEscalation: false, runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' }, capabilities: { drop: ['ALL'] } }

describe('podSecurityViolations', () => {
  it('passes a spec that meets the restricted profile', () => {
    expect(podSecurityViolations({ containers: [{ name: 'c', image: 'x', securityContext: restrictedOk }], volumes: [{ name: 'v', configMap: { name: 'x' } }] })).toEqual([])
  })

  it('names every check a spec fails', () => {
    const spec = {
      hostPID: true,
      securityContext: { runAsUser: 0, sysctls: [{ name: 'kernel.msgmax', value: '1' }], seLinuxOptions: { type: 'spc_t' } },
      containers: [{ name: 'c', image: 'x', ports: [{ hostPort: 80 }], securityContext: { privileged: true, procMount: 'Unmasked', capabilities: { add: ['SYS_ADMIN'] }, seccompProfile: { type: 'Unconfined' } } }],
      volumes: [{ name: 'h', hostPath: { path: '/' } }],
    }
    expect(podSecurityViolations(spec, { 'container.apparmor.security.beta.kubernetes.io/c': 'unconfined' }).sort()).toEqual([
      'baseline.apparmor',
      'baseline.capabilities',
      'baseline.host-namespaces',
      'baseline.host-path',
      'baseline.host-ports',
      'baseline.privileged',
      'baseline.proc-mount',
      'baseline.seccomp',
      'baseline.selinux',
      'baseline.sysctls',
      'restricted.capabilities',
      'restricted.privilege-escalation',
      'restricted.run-as-non-root',
      'restricted.run-as-root-user',
      'restricted.seccomp',
      'restricted.volume-types',
    ])
  })

  it('takes pod-level runAsNonRoot and seccomp for containers that set none, and tolerates odd input', () => {
    expect(podSecurityViolations({ securityContext: { runAsNonRoot: true, seccompProfile: { type: 'Localhost' } }, containers: [{ securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'], add: ['NET_BIND_SERVICE'] } } }] })).toEqual([])
    for (const odd of [undefined, null, 'x', [], { containers: 'x' }, { containers: [null, 1] }]) expect(podSecurityViolations(odd)).toEqual([])
  })
})
