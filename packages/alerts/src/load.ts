import { parse as parseYaml } from 'yaml'
import { z } from 'zod'
import { AlertingConfig, crossCheckProblems, type SinkConfig } from './config.js'
import { Secret, resolveSecret, type SecretRef, type SecretSources } from './secret.js'
import { standardWebhooksKey } from './signing.js'
import { urlProblem } from './ssrf.js'

/** A sink with its secrets resolved: what the senders use. */
export interface ResolvedSink {
  readonly config: SinkConfig
  /** Where requests go. A Secret because a webhook URL is a credential. */
  readonly endpoint: Secret
  /** Slack bot token or PagerDuty routing key. */
  readonly credential?: Secret
  /** Standard Webhooks keys, current first. */
  readonly signingKeys?: readonly Buffer[]
  /** The first signing secret's text, for the optional GitHub-style header. */
  readonly githubSecret?: Secret
}

export interface LoadedAlerting {
  readonly config: AlertingConfig
  readonly sinks: ReadonlyMap<string, ResolvedSink>
}

function issueLine(issue: z.core.$ZodIssue): string {
  const path = issue.path.length > 0 ? issue.path.map(String).join('.') : '(top level)'
  if (issue.code === 'unrecognized_keys') return `${path}: unknown key${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((k) => `"${k}"`).join(', ')}`
  return `${path}: ${issue.message}`
}

const PAGERDUTY_URL = { us: 'https://events.pagerduty.com/v2/enqueue', eu: 'https://events.eu.pagerduty.com/v2/enqueue' } as const

/**
 * Validates an `alerting` document: structure (zod), cross references, secret
 * resolution and the config-time SSRF check of every URL. Returns every
 * problem found, or the loaded config. Problems name keys, files and
 * variables, never a secret's value.
 */
export function loadAlerting(doc: unknown, sources: SecretSources): LoadedAlerting | { problems: string[] } {
  const parsed = AlertingConfig.safeParse(doc)
  const problems = parsed.success ? [] : parsed.error.issues.map(issueLine)
  problems.push(...crossCheckProblems(doc))
  if (!parsed.success) return { problems: [...new Set(problems)] }
  const config = parsed.data
  const sinks = new Map<string, ResolvedSink>()
  config.sinks.forEach((sink, i) => {
    const key = `sinks.${i}`
    const secret = (field: string, ref: SecretRef | undefined): Secret | undefined => {
      if (ref === undefined) return undefined
      const r = resolveSecret(`${key}.${field}`, ref, sources)
      if (r instanceof Secret) return r
      problems.push(r.problem)
      return undefined
    }
    const checkUrl = (field: string, url: Secret | undefined): Secret | undefined => {
      if (url === undefined) return undefined
      const problem = urlProblem(url.reveal(), config.egress, { allowHttp: sink.allow_http })
      if (problem !== undefined) {
        // The URL may be a credential: name the key, not the value.
        problems.push(`${key}.${field}: refused by the egress policy: ${problem}`)
        return undefined
      }
      return url
    }
    if (sink.type === 'slack') {
      if (sink.mode === 'webhook') {
        const endpoint = checkUrl('url', secret('url', sink.url))
        if (endpoint !== undefined) sinks.set(sink.name, { config: sink, endpoint })
      } else {
        const credential = secret('token', sink.token)
        const endpoint = checkUrl('api_url', new Secret(sink.api_url.replace(/\/+$/, '')))
        if (credential !== undefined && endpoint !== undefined) sinks.set(sink.name, { config: sink, endpoint, credential })
      }
    } else if (sink.type === 'pagerduty') {
      const credential = secret('routing_key', sink.routing_key)
      const endpoint = checkUrl('url', new Secret(sink.url ?? PAGERDUTY_URL[sink.region]))
      if (credential !== undefined && endpoint !== undefined) sinks.set(sink.name, { config: sink, endpoint, credential })
    } else {
      const endpoint = checkUrl('url', typeof sink.url === 'string' ? new Secret(sink.url) : secret('url', sink.url))
      const keys: Buffer[] = []
      const texts: Secret[] = []
      sink.signing.secrets.forEach((ref, j) => {
        const s = secret(`signing.secrets.${j}`, ref)
        if (s === undefined) return
        const k = standardWebhooksKey(s.reveal())
        if (k === undefined) problems.push(`${key}.signing.secrets.${j}: not a Standard Webhooks secret (whsec_ + base64 of 24 to 64 bytes)`)
        else {
          keys.push(k)
          texts.push(s)
        }
      })
      if (endpoint !== undefined && keys.length === sink.signing.secrets.length) {
        sinks.set(sink.name, { config: sink, endpoint, signingKeys: keys, githubSecret: texts[0] as Secret })
      }
    }
  })
  if (problems.length > 0) return { problems }
  return { config, sinks }
}

/** Parses YAML text, then `loadAlerting`; YAML syntax errors are problems too. */
export function loadAlertingYaml(text: string, sources: SecretSources): LoadedAlerting | { problems: string[] } {
  let doc: unknown
  try {
    doc = parseYaml(text, { uniqueKeys: true })
  } catch (err) {
    return { problems: [`not valid YAML: ${(err as Error).message.split('\n')[0]}`] }
  }
  return loadAlerting(doc, sources)
}
