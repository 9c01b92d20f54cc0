import { BlockList, isIP } from 'node:net'

/**
 * Address helpers for rule conditions: what kind of address an entry of
 * `sourceIPs` is, and whether it is in an operator's list of addresses and
 * CIDRs. Pure and total: an entry that is not an IP address is none of these.
 *
 * Which entry to read: the apiserver lists `sourceIPs` as the
 * X-Forwarded-For addresses, then X-Real-Ip, then the address of the
 * connection. The first entry is the original client when a trusted proxy
 * set the header, but any client can send the header, so it can be forged;
 * the last entry cannot be forged but is the proxy or load balancer when
 * there is one. `client_ip` reads the first, `peer_ip` the last; a detection
 * that must not be evaded by a forged header tests every entry
 * (`sourceIPs.exists(ip, ip_public(ip))`).
 */

type Family = 'ipv4' | 'ipv6'

const FLAG = { valid: 1, private: 2, loopback: 4, linkLocal: 8, cloudMetadata: 16, special: 32 } as const

/** IPv4 private (RFC 1918) and shared (RFC 6598, carrier-grade NAT and cloud pod ranges); IPv6 unique local. */
const PRIVATE = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '100.64.0.0/10', 'fc00::/7']
const LOOPBACK = ['127.0.0.0/8', '::1/128']
const LINK_LOCAL = ['169.254.0.0/16', 'fe80::/10']
/** Instance-metadata and credential endpoints: AWS (IMDS, ECS task, EKS Pod Identity), GCP and Azure (169.254.169.254), Alibaba. */
const CLOUD_METADATA = ['169.254.169.254/32', '169.254.170.2/32', '169.254.170.23/32', '100.100.100.200/32', 'fd00:ec2::254/128', 'fd00:ec2::23/128']
/** IANA special-purpose blocks that are not globally reachable: with the above, not public. Documentation ranges included. */
const SPECIAL = [
  '0.0.0.0/8',
  '192.0.0.0/24',
  '192.0.2.0/24',
  '198.18.0.0/15',
  '198.51.100.0/24',
  '203.0.113.0/24',
  '224.0.0.0/4',
  '240.0.0.0/4',
  '::/128',
  '100::/64',
  '2001:db8::/32',
  'ff00::/8',
]

/** An address in canonical form and its family, or undefined: brackets and an IPv6 zone are dropped, an IPv4-mapped IPv6 address is its IPv4. */
export function parseAddress(text: string): { address: string; family: Family } | undefined {
  let a = text.trim()
  if (a.startsWith('[') && a.endsWith(']')) a = a.slice(1, -1)
  const zone = a.indexOf('%')
  if (zone >= 0) a = a.slice(0, zone)
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(a)
  if (mapped !== null) a = mapped[1] as string
  const v = isIP(a)
  return v === 4 ? { address: a, family: 'ipv4' } : v === 6 ? { address: a.toLowerCase(), family: 'ipv6' } : undefined
}

/** Adds `entries` (addresses or CIDRs) to a block list; returns the entries that are neither. */
export function addEntries(list: BlockList, entries: readonly string[]): string[] {
  const bad: string[] = []
  for (const entry of entries) {
    const [addr, prefix, extra] = entry.split('/')
    const parsed = parseAddress(addr ?? '')
    const bits = prefix === undefined ? undefined : Number(prefix)
    const max = parsed?.family === 'ipv4' ? 32 : 128
    if (parsed === undefined || extra !== undefined || (bits !== undefined && (!Number.isInteger(bits) || bits < 0 || bits > max || prefix === ''))) {
      bad.push(entry)
      continue
    }
    if (bits === undefined) list.addAddress(parsed.address, parsed.family)
    else list.addSubnet(parsed.address, bits, parsed.family)
  }
  return bad
}

function blockList(entries: readonly string[]): BlockList {
  const list = new BlockList()
  addEntries(list, entries)
  return list
}

const MEMO_LIMIT = 10_000

export interface AddressFunctions {
  ipPrivate(ip: string): boolean
  ipPublic(ip: string): boolean
  ipLoopback(ip: string): boolean
  ipLinkLocal(ip: string): boolean
  ipCloudMetadata(ip: string): boolean
  /** Whether `ip` is one of `entries` (addresses or CIDRs; entries that are neither are ignored). */
  ipIn(ip: string, entries: readonly string[]): boolean
  clientIp(sourceIPs: readonly unknown[]): string
  peerIp(sourceIPs: readonly unknown[]): string
}

/**
 * The address functions of one CEL environment, each with its own memo:
 * an audit stream has few distinct addresses, so each is classified once.
 */
export function createAddressFunctions(): AddressFunctions {
  const classes: [number, BlockList][] = [
    [FLAG.private, blockList(PRIVATE)],
    [FLAG.loopback, blockList(LOOPBACK)],
    [FLAG.linkLocal, blockList(LINK_LOCAL)],
    [FLAG.cloudMetadata, blockList(CLOUD_METADATA)],
    [FLAG.special, blockList(SPECIAL)],
  ]
  const memo = new Map<string, number>()
  const flags = (ip: string): number => {
    let f = memo.get(ip)
    if (f !== undefined) return f
    const parsed = typeof ip === 'string' ? parseAddress(ip) : undefined
    f = 0
    if (parsed !== undefined) {
      f = FLAG.valid
      for (const [flag, list] of classes) if (list.check(parsed.address, parsed.family)) f |= flag
    }
    if (memo.size >= MEMO_LIMIT) memo.clear()
    memo.set(ip, f)
    return f
  }
  const lists = new WeakMap<readonly string[], { list: BlockList; memo: Map<string, boolean> }>()
  const NOT_PUBLIC = FLAG.private | FLAG.loopback | FLAG.linkLocal | FLAG.cloudMetadata | FLAG.special
  return {
    ipPrivate: (ip) => (flags(ip) & FLAG.private) !== 0,
    ipPublic: (ip) => {
      const f = flags(ip)
      return (f & FLAG.valid) !== 0 && (f & NOT_PUBLIC) === 0
    },
    ipLoopback: (ip) => (flags(ip) & FLAG.loopback) !== 0,
    ipLinkLocal: (ip) => (flags(ip) & FLAG.linkLocal) !== 0,
    ipCloudMetadata: (ip) => (flags(ip) & FLAG.cloudMetadata) !== 0,
    ipIn: (ip, entries) => {
      if (!Array.isArray(entries) || entries.length === 0) return false
      let compiled = lists.get(entries)
      if (compiled === undefined) lists.set(entries, (compiled = { list: blockList(entries.filter((e): e is string => typeof e === 'string')), memo: new Map() }))
      let hit = compiled.memo.get(ip)
      if (hit === undefined) {
        const parsed = typeof ip === 'string' ? parseAddress(ip) : undefined
        hit = parsed !== undefined && compiled.list.check(parsed.address, parsed.family)
        if (compiled.memo.size >= MEMO_LIMIT) compiled.memo.clear()
        compiled.memo.set(ip, hit)
      }
      return hit
    },
    clientIp: (ips) => (typeof ips[0] === 'string' ? ips[0] : ''),
    peerIp: (ips) => {
      const last = ips[ips.length - 1]
      return typeof last === 'string' ? last : ''
    },
  }
}
