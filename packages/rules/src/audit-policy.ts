import { AppError } from '@vigil/core'
import { parse } from 'yaml'
import { z } from 'zod'

/** The levels of an `audit.k8s.io/v1` Policy, lowest first. */
export const POLICY_LEVELS = ['None', 'Metadata', 'Request', 'RequestResponse'] as const
export type PolicyLevel = (typeof POLICY_LEVELS)[number]

const Stage = z.enum(['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'])

const GroupResources = z.strictObject({
  group: z.string().optional(),
  resources: z.array(z.string().min(1)).optional(),
  resourceNames: z.array(z.string().min(1)).optional(),
})

/**
 * One rule of a kube-apiserver audit policy. Strict: a misspelt key
 * (`resource:` for `resources:`) would silently widen the rule, and the
 * apiserver refuses it too.
 */
export const AuditPolicyRule = z.strictObject({
  level: z.enum(POLICY_LEVELS),
  users: z.array(z.string()).optional(),
  userGroups: z.array(z.string()).optional(),
  verbs: z.array(z.string()).optional(),
  resources: z.array(GroupResources).optional(),
  namespaces: z.array(z.string()).optional(),
  nonResourceURLs: z.array(z.string()).optional(),
  omitStages: z.array(Stage).optional(),
  omitManagedFields: z.boolean().optional(),
})
export type AuditPolicyRule = z.infer<typeof AuditPolicyRule>

/** A kube-apiserver `--audit-policy-file` (`audit.k8s.io/v1`, kind `Policy`). */
export const AuditPolicy = z.object({
  apiVersion: z.enum(['audit.k8s.io/v1', 'audit.k8s.io/v1beta1']),
  kind: z.literal('Policy'),
  omitStages: z.array(Stage).optional(),
  omitManagedFields: z.boolean().optional(),
  rules: z.array(AuditPolicyRule).min(1, 'a policy with no rules logs nothing'),
})
export type AuditPolicy = z.infer<typeof AuditPolicy>

/**
 * Parses a policy file's text. Throws `invalid_config` naming every problem
 * with its path (`rules[3].level: …`), so a bad file is refused, never half read.
 */
export function parseAuditPolicy(text: string, name: string): AuditPolicy {
  let raw: unknown
  try {
    raw = parse(text)
  } catch (err) {
    throw new AppError('invalid_config', `${name}: not YAML: ${(err as Error).message.split('\n')[0]}`)
  }
  const parsed = AuditPolicy.safeParse(raw)
  if (!parsed.success) {
    const problems = parsed.error.issues.map((i) => `${i.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`)).join('').replace(/^\./, '') || '(root)'}: ${i.message}`)
    throw new AppError('invalid_config', `${name}: not an audit policy:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
  return parsed.data
}
