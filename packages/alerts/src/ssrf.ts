import { BlockList, isIP } from 'node:net'
import { lookup as dnsLookup, type LookupAddress } from 'node:dns'
import { z } from 'zod'

/** The egress policy every outgoing notification obeys (notes/alert-routing.md §3.5). */
export const EgressConfig = z.strictObject({
  /** Refuse `http:` URLs; a sink may not opt out unless this is false. */
  https_only: z.boolean().default(true),
  /** Hostnames the operator trusts even when they resolve to a denied address (e.g. an in-cluster SOAR). */
  allow_hosts: z.array(z.string().min(1)).default([]),
  /** Address ranges the operator trusts, CIDR notation. */
  allow_cidrs: z.array(z.string().min(1)).default([]),
  /** More ranges to deny, e.g. a service or pod CIDR in a public range. */
  extra_deny_cidrs: z.array(z.string().min(1)).default([]),
})
export type EgressConfig = z.infer<typeof EgressConfig>

const DENY_V4 = [
  '0.0.0.0/8', '10.0.0.0/8', '100.64.0.0/10', '127.0.0.0/8', '169.254.0.0/16', '172.16.0.0/12', '192.0.0.0/24',
  '192.0.2.0/24', '192.168.0.0/16', '198.18.0.0/15', '198.51.100.0/24', '203.0.113.0/24', '224.0.0.0/4', '240.0.0.0/4',
]
const DENY_V6 = [
  '::/128', '::1/128', 'fc00::/7', 'fe80::/10', 'ff00::/8', '2001:db8::/32', '100::/64', '64:ff9b::/96', '64:ff9b:1::/48',
  '2002::/16', '2001::/32', 'fec0::/10',
]
const DENY_NAMES = ['localhost', 'metadata.google.internal']
const DENY_SUFFIXES = ['.localhost', '.svc', '.cluster.local', '.internal']

function addCidr(list: BlockList, cidr: string): boolean {
  const [net, bits] = cidr.split('/')
  const family = isIP(net ?? '')
  const prefix = Number(bits)
  if (family === 0 || !Number.isInteger(prefix) || prefix < 0 || prefix > (family === 4 ? 32 : 128)) return false
  list.addSubnet(net as string, prefix, family === 4 ? 'ipv4' : 'ipv6')
  return true
}

/** A CIDR string as a zod check, for config. */
export function isCidr(text: string): boolean {
  return addCidr(new BlockList(), text)
}

/** Lower-cased, brackets removed, trailing dot stripped: the form every check compares. */
export function normalizeHost(host: string): string {
  let h = host.toLowerCase()
  if (h.startsWith('[') && h.endsWith(']')) h = h.slice(1, -1)
  while (h.endsWith('.')) h = h.slice(0, -1)
  return h
}

export interface AddressPolicy {
  /** Why an address is refused, or undefined when it may be reached. */
  addressProblem(address: string): string | undefined
  /** Why a hostname is refused by name alone, or undefined. */
  hostnameProblem(host: string): string | undefined
  isAllowedHost(host: string): boolean
}

export function createAddressPolicy(egress: Pick<EgressConfig, 'allow_hosts' | 'allow_cidrs' | 'extra_deny_cidrs'>): AddressPolicy {
  const deny = new BlockList()
  for (const c of [...DENY_V4, ...DENY_V6, ...egress.extra_deny_cidrs]) addCidr(deny, c)
  deny.addAddress('255.255.255.255', 'ipv4')
  const allow = new BlockList()
  for (const c of egress.allow_cidrs) addCidr(allow, c)
  const allowHosts = new Set(egress.allow_hosts.map(normalizeHost))
  return {
    addressProblem(address) {
      const a = normalizeHost(address)
      const family = isIP(a)
      if (family === 0) return `${a} is not an IP address`
      const type = family === 4 ? 'ipv4' : 'ipv6'
      if (allow.check(a, type)) return undefined
      return deny.check(a, type) ? `address ${a} is in a denied range` : undefined
    },
    hostnameProblem(host) {
      const h = normalizeHost(host)
      if (allowHosts.has(h)) return undefined
      if (DENY_NAMES.includes(h) || DENY_SUFFIXES.some((s) => h.endsWith(s))) return `host ${h} is an internal name`
      return undefined
    },
    isAllowedHost(host) {
      return allowHosts.has(normalizeHost(host))
    },
  }
}

/**
 * The config-time check of a sink URL: scheme, then the WHATWG-normalised host
 * (so `0x7f.1` and `2130706433` are seen as 127.0.0.1). Necessary, not
 * sufficient: the connect-time lookup guard is what stops a rebinding name.
 */
export function urlProblem(url: string, egress: EgressConfig, options: { allowHttp?: boolean } = {}): string | undefined {
  let u: URL
  try {
    u = new URL(url)
  } catch {
    return 'not a valid URL'
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `scheme ${u.protocol} is not allowed`
  if (u.protocol === 'http:' && egress.https_only && options.allowHttp !== true) return 'http:// is refused while egress.https_only is true'
  if (u.username !== '' || u.password !== '') return 'credentials in the URL are not allowed'
  const policy = createAddressPolicy(egress)
  const host = normalizeHost(u.hostname)
  if (policy.isAllowedHost(host)) return undefined
  if (isIP(host) !== 0) return policy.addressProblem(host)
  return policy.hostnameProblem(host)
}

export type Resolver = (hostname: string) => Promise<readonly LookupAddress[]>

export const systemResolver: Resolver = (hostname) =>
  new Promise((resolve, reject) => {
    dnsLookup(hostname, { all: true, verbatim: true }, (err, addresses) => (err ? reject(err) : resolve(addresses)))
  })

/** Raised when the guard refuses a destination; the sender reports it as `ssrf_blocked`. */
export class SsrfBlockedError extends Error {
  readonly code = 'ESSRFBLOCKED'
  constructor(message: string) {
    super(message)
    this.name = 'SsrfBlockedError'
  }
}

type LookupCallback = (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void

/**
 * A `lookup` for `http(s).Agent` / `net.connect`: resolves the name once,
 * refuses if ANY address is denied, and hands the socket exactly the addresses
 * it checked, so a second (rebinding) resolution never happens.
 */
export function guardedLookup(policy: AddressPolicy, resolver: Resolver) {
  return (hostname: string, options: { all?: boolean; family?: number | string } | number, callback: LookupCallback): void => {
    const all = typeof options === 'object' && options.all === true
    const host = normalizeHost(hostname)
    const literal = isIP(host) !== 0
    const allowed = policy.isAllowedHost(host)
    const byName = literal || allowed ? undefined : policy.hostnameProblem(host)
    if (byName !== undefined) return callback(new SsrfBlockedError(byName), all ? [] : '', 0)
    const addresses: Promise<readonly LookupAddress[]> = literal ? Promise.resolve([{ address: host, family: isIP(host) }]) : resolver(host)
    addresses.then(
      (list) => {
        if (list.length === 0) return callback(Object.assign(new Error(`no address for ${host}`), { code: 'ENOTFOUND' }), all ? [] : '', 0)
        if (!allowed) {
          for (const a of list) {
            const problem = policy.addressProblem(a.address)
            if (problem !== undefined) return callback(new SsrfBlockedError(`${host} resolves to a denied address: ${problem}`), all ? [] : '', 0)
          }
        }
        if (all) return callback(null, [...list])
        const first = list[0] as LookupAddress
        callback(null, first.address, first.family)
      },
      (err: NodeJS.ErrnoException) => callback(err, all ? [] : '', 0),
    )
  }
}
