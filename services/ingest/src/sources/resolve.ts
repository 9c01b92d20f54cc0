import { AppError } from '@vigil/core'
import type { AksEventHubsSource, EksFirehoseSource, GkePubSubPushSource, SourceConfig } from './config.js'
import { resolveSecret } from './secret.js'

export type ResolvedSource =
  | { type: 'eks_firehose'; config: EksFirehoseSource; accessKey: string }
  | { type: 'gke_pubsub_push'; config: GkePubSubPushSource; token: string | undefined }
  | { type: 'aks_event_hubs'; config: AksEventHubsSource; password: string | undefined }

/** Shared secrets shorter than this are refused: they are guessable. */
const MIN_SECRET_CHARS = 16

/**
 * Reads every source's credentials (inline, file or environment). Called by
 * composition roots and `vigil config check`; throws `invalid_config`
 * listing every problem.
 */
export function resolveSources(sources: readonly SourceConfig[], io: { env: Readonly<Record<string, string | undefined>>; cwd: string }): ResolvedSource[] {
  const problems: string[] = []
  const out: ResolvedSource[] = []
  const read = <T>(f: () => T): T | undefined => {
    try {
      return f()
    } catch (err) {
      if (!(err instanceof AppError)) throw err
      problems.push(err.message)
      return undefined
    }
  }
  for (const [i, s] of sources.entries()) {
    const at = `ingest.sources.${i} (${s.name})`
    switch (s.type) {
      case 'eks_firehose': {
        const accessKey = read(() => resolveSecret(s.access_key, `${at}.access_key`, io, MIN_SECRET_CHARS))
        if (accessKey !== undefined) out.push({ type: s.type, config: s, accessKey })
        break
      }
      case 'gke_pubsub_push': {
        const auth = s.auth
        const token = auth.type === 'token' ? read(() => resolveSecret(auth.token, `${at}.auth.token`, io, MIN_SECRET_CHARS)) : undefined
        if (auth.type === 'oidc' || token !== undefined) out.push({ type: s.type, config: s, token })
        break
      }
      case 'aks_event_hubs': {
        const sasl = s.sasl
        const password = sasl === undefined ? undefined : read(() => resolveSecret(sasl.password, `${at}.sasl.password`, io))
        if (sasl === undefined || password !== undefined) out.push({ type: s.type, config: s, password })
        break
      }
    }
  }
  if (problems.length > 0) throw new AppError('invalid_config', `ingest.sources: ${problems.length} problem(s):\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  return out
}
