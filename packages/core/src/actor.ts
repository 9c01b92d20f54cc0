import { z } from 'zod'

/**
 * Who did something, recorded with every change people or vigil make to
 * evidence (triage, attestations, sample draws, silences, token changes):
 * - `principal`: a caller of the API, by its token's (or session's) name and role;
 * - `system`: a vigil component acting on its own (the analyzer, the router);
 * - `job`: a scheduled job (gap detection, digests, checkpoints, retention).
 */
export const Actor = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('principal'), name: z.string().min(1), role: z.string().min(1) }),
  z.strictObject({ type: z.literal('system'), component: z.string().min(1) }),
  z.strictObject({ type: z.literal('job'), job: z.string().min(1) }),
])
export type Actor = z.infer<typeof Actor>

/** A stable one-line form for storage and logs: `principal:alice`, `system:analyzer`, `job:gap-check`. */
export function actorLabel(actor: Actor): string {
  switch (actor.type) {
    case 'principal':
      return `principal:${actor.name}`
    case 'system':
      return `system:${actor.component}`
    case 'job':
      return `job:${actor.job}`
  }
}
