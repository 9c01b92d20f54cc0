import type { Matcher, SilenceBody } from '../api/ops-types'

export const MATCH_FIELDS: readonly Matcher['name'][] = ['cluster', 'namespace', 'rule_id', 'severity', 'user', 'verb', 'resource', 'name', 'rule_version', 'tags', 'controls', 'finding_id', 'audit_id']
export const MATCH_OPS: readonly { op: Matcher['op']; label: string }[] = [
  { op: '=', label: 'is' },
  { op: '!=', label: 'is not' },
  { op: '=~', label: 'matches regex' },
  { op: '!~', label: 'does not match regex' },
]

/** The API's limit (packages/alerts MAX_SILENCE_MS). */
export const MAX_SILENCE_MS = 30 * 86_400_000

export interface SilenceDraft {
  matchers: Matcher[]
  /** `datetime-local` values, in the reader's zone. */
  startsAt: string
  endsAt: string
  comment: string
}

/** `YYYY-MM-DDTHH:MM` in the reader's zone, what a datetime-local input holds. */
export function localInput(ms: number): string {
  const d = new Date(ms)
  const p = (n: number) => String(n).padStart(2, '0')
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}T${p(d.getHours())}:${p(d.getMinutes())}`
}

export function emptySilence(now: number): SilenceDraft {
  return { matchers: [{ name: 'cluster', op: '=', value: '' }], startsAt: localInput(now), endsAt: localInput(now + 2 * 3_600_000), comment: '' }
}

function regexProblem(value: string): string | undefined {
  try {
    new RegExp(`^(?:${value})$`, 'u')
    return undefined
  } catch {
    return 'is not a valid regular expression'
  }
}

/** The create-silence body, or every problem with the draft (the API checks again). */
export function silenceBody(d: SilenceDraft): { body: SilenceBody } | { problems: string[] } {
  const problems: string[] = []
  if (d.matchers.length === 0) problems.push('Add at least one matcher: a silence with none would mute everything.')
  d.matchers.forEach((m, i) => {
    if (m.value === '' && (m.op === '=' || m.op === '=~')) problems.push(`Matcher ${i + 1} (${m.name}) needs a value.`)
    if (m.op.includes('~')) {
      const p = regexProblem(m.value)
      if (p !== undefined) problems.push(`Matcher ${i + 1}: "${m.value}" ${p}.`)
    }
  })
  const starts = new Date(d.startsAt).getTime()
  const ends = new Date(d.endsAt).getTime()
  if (Number.isNaN(starts)) problems.push('Say when the silence starts.')
  if (Number.isNaN(ends)) problems.push('Say when the silence ends.')
  if (!Number.isNaN(starts) && !Number.isNaN(ends) && ends <= starts) problems.push('The silence must end after it starts.')
  else if (!Number.isNaN(starts) && !Number.isNaN(ends) && ends - starts > MAX_SILENCE_MS) problems.push('A silence may last at most 30 days.')
  if (d.comment.trim() === '') problems.push('A comment is required: say why, and for how long.')
  if (problems.length > 0) return { problems }
  return { body: { matchers: d.matchers, startsAt: new Date(starts).toISOString(), endsAt: new Date(ends).toISOString(), comment: d.comment.trim() } }
}

/** `cluster="prod", rule_id=~"rbac\..*"`: how the alerting config writes matchers. */
export function matcherText(m: Matcher): string {
  return `${m.name}${m.op}"${m.value.replace(/(["\\])/g, '\\$1')}"`
}
