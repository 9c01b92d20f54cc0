import { z } from 'zod'
import type { AlertCandidate } from './candidate.js'
import { compileMatcher, Matcher } from './matchers.js'

/** The longest a silence may last: a suppression is a decision someone must renew. */
export const MAX_SILENCE_MS = 30 * 86_400_000

/** What a client sends to create a silence. `createdBy` is never in it: it comes from the token. */
export const SilenceInput = z.strictObject({
  matchers: z.array(Matcher).min(1),
  startsAt: z.iso.datetime({ offset: true }),
  endsAt: z.iso.datetime({ offset: true }),
  comment: z.string().trim().min(1, 'a silence needs a comment saying why').max(2000),
}).superRefine((s, ctx) => {
  const start = Date.parse(s.startsAt)
  const end = Date.parse(s.endsAt)
  if (end <= start) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'endsAt must be after startsAt' })
  else if (end - start > MAX_SILENCE_MS) ctx.addIssue({ code: 'custom', path: ['endsAt'], message: 'a silence may last at most 30 days' })
})
export type SilenceInput = z.infer<typeof SilenceInput>

/** A silence as kept: forever, as evidence of a suppression decision. */
export interface Silence {
  id: string
  matchers: Matcher[]
  startsAt: number
  endsAt: number
  createdBy: string
  comment: string
  createdAt: number
  /** Set when expired early (by hand, or replaced by an edit). */
  expiredAt?: number
  /** The silence this one replaced, when an edit could not be made in place. */
  replaces?: string
}

export type SilenceState = 'pending' | 'active' | 'expired'

export function silenceState(s: Silence, now: number): SilenceState {
  const end = s.expiredAt !== undefined ? Math.min(s.expiredAt, s.endsAt) : s.endsAt
  if (now >= end) return 'expired'
  return now < s.startsAt ? 'pending' : 'active'
}

/** The active silences that mute a candidate at `now` (empty when none). */
export function silencing(silences: readonly Silence[], c: AlertCandidate, now: number): Silence[] {
  return silences.filter((s) => silenceState(s, now) === 'active' && s.matchers.every((m) => compileMatcher(m)(c)))
}

/**
 * Alertmanager's update rule: in place only when the matchers are unchanged,
 * the silence has not expired, and (if active) its start stays and its end is
 * not moved into the past. Anything else rewrites history, so the old silence
 * expires and a new one is created.
 */
export function editSilence(old: Silence, input: SilenceInput, editor: { id: string; createdBy: string; now: number }): { expire: Silence | undefined; write: Silence } {
  const startsAt = Date.parse(input.startsAt)
  const endsAt = Date.parse(input.endsAt)
  const state = silenceState(old, editor.now)
  const sameMatchers = JSON.stringify(old.matchers) === JSON.stringify(input.matchers)
  const inPlace = state !== 'expired' && sameMatchers && (state === 'pending' ? startsAt >= editor.now : startsAt === old.startsAt && endsAt >= editor.now)
  if (inPlace) return { expire: undefined, write: { ...old, startsAt, endsAt, comment: input.comment } }
  return {
    expire: state === 'expired' ? undefined : { ...old, expiredAt: editor.now },
    write: { id: editor.id, matchers: input.matchers, startsAt: Math.max(startsAt, editor.now), endsAt, createdBy: editor.createdBy, comment: input.comment, createdAt: editor.now, replaces: old.id },
  }
}
