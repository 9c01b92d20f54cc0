import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { AppError } from '@vigil/core'
import type { ServiceIo } from '@vigil/platform'
import { parseOptions, UsageError, write, type Command } from '../command.js'

const CONNECTION_OPTIONS = {
  api: { type: 'string' },
  'token-file': { type: 'string' },
  'data-dir': { type: 'string', short: 'd' },
  json: { type: 'boolean' },
} as const

const CONNECTION_HELP = `Connection (the commands call the running api's admin endpoints, so they
work beside \`vigil start\`, whose embedded store only it may open):
  --api URL            the api (default $VIGIL_API_URL, else http://127.0.0.1:8081).
  --token-file FILE    file holding an admin token (default $VIGIL_TOKEN_FILE,
                       else <data-dir>/admin-token, written by \`vigil start\`).
  -d, --data-dir DIR   where \`vigil start\` keeps its data (default ./data).
  --json               print the API's JSON answer instead of text.`

interface Connection {
  api: string
  token: string
  json: boolean
}

function connect(values: { api?: string | undefined; 'token-file'?: string | undefined; 'data-dir'?: string | undefined; json?: boolean | undefined }, io: ServiceIo): Connection {
  const api = (values.api ?? io.env['VIGIL_API_URL'] ?? 'http://127.0.0.1:8081').replace(/\/+$/, '')
  const file = resolve(io.cwd, values['token-file'] ?? io.env['VIGIL_TOKEN_FILE'] ?? join(values['data-dir'] ?? './data', 'admin-token'))
  if (!existsSync(file)) throw new UsageError(`no admin token at ${file}: pass --token-file, or run this where \`vigil start\` keeps its data (--data-dir)`)
  const token = readFileSync(file, 'utf8').trim()
  return { api, token, json: values.json === true }
}

async function call(c: Connection, method: 'GET' | 'POST', path: string, body?: unknown): Promise<unknown> {
  let res: Response
  try {
    res = await fetch(`${c.api}${path}`, {
      method,
      headers: { authorization: `Bearer ${c.token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  } catch (err) {
    throw new AppError('unavailable', `cannot reach the api at ${c.api}: ${(err as Error).cause instanceof Error ? ((err as Error).cause as Error).message : (err as Error).message} (is vigil running? pass --api)`)
  }
  const answer = (await res.json().catch(() => ({}))) as { error?: { code: string; message: string } }
  if (!res.ok) throw new TokenCommandError(`${res.status} ${answer.error?.code ?? ''}: ${answer.error?.message ?? res.statusText}`)
  return answer
}

/** A refusal from the api, printed as is; exit 1. */
class TokenCommandError extends Error {}

/** "90d", "12h", "30m", "45s" → milliseconds. */
export function parseDuration(text: string, what: string): number {
  const m = /^(\d+)([smhd])$/.exec(text.trim())
  if (m === null) throw new UsageError(`${what} must be a number with a unit s, m, h or d (e.g. 90d, 1h): got "${text}"`)
  return Number(m[1]) * { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 }[m[2] as 's' | 'm' | 'h' | 'd']
}

interface TokenRow {
  id: string
  name: string
  role: string
  cluster: string | null
  clusters: string[]
  created_by: string
  created_at: string
  expires_at: string | null
  revoked_at: string | null
  last_used_at: string | null
}

function state(t: TokenRow, now: number): string {
  if (t.revoked_at !== null) return 'revoked'
  if (t.expires_at !== null && Date.parse(t.expires_at) <= now) return 'expired'
  return 'active'
}

function table(rows: string[][]): string {
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? []
  return rows.map((r) => r.map((c, i) => c.padEnd(widths[i] ?? 0)).join('  ').trimEnd()).join('\n')
}

/** Shows a new secret once: into a 0600 file with --out, else on stdout alone, so it can be piped. */
function showSecret(io: ServiceIo, token: string, out: string | undefined, note: string): void {
  if (out !== undefined) {
    const path = resolve(io.cwd, out)
    writeFileSync(path, `${token}\n`, { mode: 0o600, flag: 'wx' })
    write(io.stderr, `${note}\nThe token is in ${path} (mode 0600). It is not shown again and vigil keeps only its SHA-256.`)
    return
  }
  write(io.stderr, `${note}\nThe token follows on stdout. It is not shown again and vigil keeps only its SHA-256.`)
  write(io.stdout, token)
}

async function guarded(io: ServiceIo, run: () => Promise<number>): Promise<number> {
  try {
    return await run()
  } catch (err) {
    if (err instanceof TokenCommandError || (err instanceof AppError && err.code === 'unavailable')) {
      write(io.stderr, `vigil tokens: ${err.message}`)
      return 1
    }
    throw err
  }
}

export const tokensListCommand: Command = {
  path: ['tokens', 'list'],
  summary: 'list API and ingest tokens: managed ones with their state and last use, and config-file ones',
  usage: 'vigil tokens list [--api URL] [--token-file FILE] [--json]',
  help: `
Lists every managed token (active, expired and revoked) with its role or
cluster, scope, creator, expiry and last use, then the tokens from config
files, which only an edit of the file changes. Never shows a secret.

${CONNECTION_HELP}`,
  run: (args, io) =>
    guarded(io, async () => {
      const { values } = parseOptions(args, CONNECTION_OPTIONS)
      const c = connect(values, io)
      const answer = (await call(c, 'GET', '/v1/tokens')) as { items: TokenRow[]; configured: { name: string; role: string; cluster: string | null; clusters: string[] }[] }
      if (c.json) {
        write(io.stdout, JSON.stringify(answer, null, 2))
        return 0
      }
      const now = Date.now()
      const rows = [
        ['ID', 'NAME', 'ROLE', 'CLUSTER/SCOPE', 'STATE', 'EXPIRES', 'LAST USED', 'CREATED BY'],
        ...answer.items.map((t) => [t.id, t.name, t.role, t.cluster ?? (t.clusters.length === 0 ? 'all' : t.clusters.join(',')), state(t, now), t.expires_at ?? 'never', t.last_used_at ?? 'never', t.created_by]),
        ...answer.configured.map((t) => ['(config)', t.name, t.role, t.cluster ?? (t.clusters.length === 0 ? 'all' : t.clusters.join(',')), 'active', 'never', '-', 'config file']),
      ]
      write(io.stdout, table(rows))
      return 0
    }),
}

export const tokensCreateCommand: Command = {
  path: ['tokens', 'create'],
  summary: 'create a token for an API role or an ingest cluster; its secret is shown once',
  usage: 'vigil tokens create --name NAME --role admin|analyst|auditor|ingest [--cluster ID] [--clusters A,B] [--expires-in 90d] [--out FILE]',
  help: `
Creates a managed token. Every running ingest and api process accepts it
within auth.token_poll_interval_ms (2 s by default), without a restart.

Options:
  --name NAME          who or what holds it (shown in logs and the access log).
  --role ROLE          admin, analyst, auditor (API) or ingest (one cluster's webhook).
  --cluster ID         ingest tokens: the cluster the token identifies.
  --clusters A,B       API tokens: the clusters the holder may see (default all).
  --expires-in DUR     e.g. 90d, 12h; default never.
  --out FILE           write the secret to FILE (mode 0600, must not exist)
                       instead of stdout.

${CONNECTION_HELP}

Example:
  vigil tokens create --name prod-apiserver --role ingest --cluster prod --out prod.token`,
  run: (args, io) =>
    guarded(io, async () => {
      const { values } = parseOptions(args, {
        ...CONNECTION_OPTIONS,
        name: { type: 'string' },
        role: { type: 'string' },
        cluster: { type: 'string' },
        clusters: { type: 'string' },
        'expires-in': { type: 'string' },
        out: { type: 'string' },
      })
      if (values.name === undefined || values.role === undefined) throw new UsageError('give --name and --role')
      const c = connect(values, io)
      const body = {
        name: values.name,
        role: values.role,
        ...(values.cluster === undefined ? {} : { cluster: values.cluster }),
        ...(values.clusters === undefined ? {} : { clusters: values.clusters.split(',').map((s) => s.trim()).filter((s) => s.length > 0) }),
        ...(values['expires-in'] === undefined ? {} : { expires_at: new Date(Date.now() + parseDuration(values['expires-in'], '--expires-in')).toISOString() }),
      }
      const answer = (await call(c, 'POST', '/v1/tokens', body)) as { token: string; record: TokenRow }
      if (c.json && values.out === undefined) {
        write(io.stdout, JSON.stringify(answer, null, 2))
        return 0
      }
      const r = answer.record
      showSecret(io, answer.token, values.out, `Created token ${r.id} "${r.name}" (${r.role}${r.cluster === null ? '' : ` for cluster ${r.cluster}`}${r.clusters.length > 0 ? `, clusters ${r.clusters.join(',')}` : ''}), expires ${r.expires_at ?? 'never'}.`)
      return 0
    }),
}

export const tokensRevokeCommand: Command = {
  path: ['tokens', 'revoke'],
  summary: 'revoke a managed token; every process refuses it within a poll interval',
  usage: 'vigil tokens revoke ID [--api URL] [--token-file FILE] [--json]',
  help: `
Revokes the managed token with this id (the ID column of \`vigil tokens list\`,
also the part after vigil_xxx_ in the token). Every running ingest and api
process refuses it within auth.token_poll_interval_ms. Config-file tokens
are revoked by removing them from the file.

${CONNECTION_HELP}`,
  run: (args, io) =>
    guarded(io, async () => {
      const { values, positionals } = parseOptions(args, CONNECTION_OPTIONS, true)
      if (positionals.length !== 1) throw new UsageError('give exactly one token id')
      const c = connect(values, io)
      const answer = (await call(c, 'POST', `/v1/tokens/${encodeURIComponent(positionals[0] as string)}/revoke`)) as TokenRow
      write(io.stdout, c.json ? JSON.stringify(answer, null, 2) : `Revoked token ${answer.id} "${answer.name}" at ${answer.revoked_at}.`)
      return 0
    }),
}

export const tokensRotateCommand: Command = {
  path: ['tokens', 'rotate'],
  summary: 'replace a managed token; the old one keeps working for an overlap window',
  usage: 'vigil tokens rotate ID [--overlap 1h] [--expires-in 90d] [--out FILE]',
  help: `
Creates a new token with the same name, role and scope as token ID. The old
token keeps working for the overlap window (default 1h), then expires: deploy
the new one to its holder inside the window and nothing is refused.

Options:
  --overlap DUR        how long both work, e.g. 10m, 1h, 2d (default 1h; 0s ends the old one now).
  --expires-in DUR     expiry of the new token (default: the old one's lifetime again, or never).
  --out FILE           write the new secret to FILE (mode 0600) instead of stdout.

${CONNECTION_HELP}`,
  run: (args, io) =>
    guarded(io, async () => {
      const { values, positionals } = parseOptions(args, { ...CONNECTION_OPTIONS, overlap: { type: 'string' }, 'expires-in': { type: 'string' }, out: { type: 'string' } }, true)
      if (positionals.length !== 1) throw new UsageError('give exactly one token id')
      const c = connect(values, io)
      const body = {
        overlap_seconds: Math.round(parseDuration(values.overlap ?? '1h', '--overlap') / 1000),
        ...(values['expires-in'] === undefined ? {} : { expires_at: new Date(Date.now() + parseDuration(values['expires-in'], '--expires-in')).toISOString() }),
      }
      const answer = (await call(c, 'POST', `/v1/tokens/${encodeURIComponent(positionals[0] as string)}/rotate`, body)) as { token: string; record: TokenRow; previous: TokenRow }
      if (c.json && values.out === undefined) {
        write(io.stdout, JSON.stringify(answer, null, 2))
        return 0
      }
      showSecret(io, answer.token, values.out, `Rotated "${answer.record.name}": new token ${answer.record.id}; the old token ${answer.previous.id} works until ${answer.previous.expires_at}.`)
      return 0
    }),
}

export const TOKEN_COMMANDS: readonly Command[] = [tokensCreateCommand, tokensListCommand, tokensRevokeCommand, tokensRotateCommand]
