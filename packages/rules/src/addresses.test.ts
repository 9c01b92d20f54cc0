import { BlockList } from 'node:net'
import { describe, expect, it } from 'vitest'
import { addEntries, createAddressFunctions, parseAddress } from './addresses.js'

describe('parseAddress', () => {
  it('reads IPv4 and IPv6, drops brackets and zones, and maps IPv4-mapped addresses to IPv4', () => {
    expect(parseAddress('10.1.2.3')).toEqual({ address: '10.1.2.3', family: 'ipv4' })
    expect(parseAddress('[FE80::1%eth0]')).toEqual({ address: 'fe80::1', family: 'ipv6' })
    expect(parseAddress('::ffff:192.168.1.1')).toEqual({ address: '192.168.1.1', family: 'ipv4' })
    for (const bad of ['', 'localhost', '1.2.3', '10.0.0.1:443', '300.1.1.1']) expect(parseAddress(bad), bad).toBeUndefined()
  })
})

describe('address classes', () => {
  const ip = createAddressFunctions()
  const classes = (a: string) =>
    Object.entries({ private: ip.ipPrivate(a), public: ip.ipPublic(a), loopback: ip.ipLoopback(a), linkLocal: ip.ipLinkLocal(a), cloudMetadata: ip.ipCloudMetadata(a) })
      .filter(([, v]) => v)
      .map(([k]) => k)

  it('classifies each address', () => {
    const table: [string, string[]][] = [
      ['10.0.0.1', ['private']],
      ['172.31.255.255', ['private']],
      ['172.32.0.1', ['public']],
      ['192.168.10.4', ['private']],
      ['100.64.0.9', ['private']],
      ['100.100.100.200', ['private', 'cloudMetadata']],
      ['127.0.0.1', ['loopback']],
      ['::1', ['loopback']],
      ['169.254.169.254', ['linkLocal', 'cloudMetadata']],
      ['169.254.3.4', ['linkLocal']],
      ['fe80::1', ['linkLocal']],
      ['fd00:ec2::254', ['private', 'cloudMetadata']],
      ['fd12:3456::1', ['private']],
      ['8.8.8.8', ['public']],
      ['2a00:1450:4001:80b::200e', ['public']],
      ['::ffff:8.8.4.4', ['public']],
      // Documentation, multicast and reserved blocks are not globally reachable: not public.
      ['203.0.113.7', []],
      ['2001:db8::1', []],
      ['224.0.0.1', []],
      ['0.0.0.0', []],
      ['not-an-ip', []],
    ]
    for (const [a, want] of table) expect(classes(a), a).toEqual(want)
  })

  it('ip_in matches addresses and CIDRs of both families and ignores invalid entries', () => {
    const list = Object.freeze(['198.51.100.0/24', '8.8.8.8', '2a00:1450::/32', 'garbage', '10.0.0.0/40'])
    expect(ip.ipIn('198.51.100.77', list)).toBe(true)
    expect(ip.ipIn('8.8.8.8', list)).toBe(true)
    expect(ip.ipIn('8.8.4.4', list)).toBe(false)
    expect(ip.ipIn('2a00:1450:4001::1', list)).toBe(true)
    expect(ip.ipIn('10.1.1.1', list)).toBe(false)
    expect(ip.ipIn('garbage', list)).toBe(false)
    expect(ip.ipIn('8.8.8.8', [])).toBe(false)
  })

  it('client_ip reads the first sourceIPs entry, peer_ip the last', () => {
    expect(ip.clientIp(['8.8.8.8', '10.0.0.2'])).toBe('8.8.8.8')
    expect(ip.peerIp(['8.8.8.8', '10.0.0.2'])).toBe('10.0.0.2')
    expect([ip.clientIp([]), ip.peerIp([])]).toEqual(['', ''])
  })
})

describe('addEntries', () => {
  it('returns the entries that are neither an address nor a CIDR', () => {
    expect(addEntries(new BlockList(), ['1.2.3.4', '1.2.3.0/24', '::/0', '1.2.3.4/33', '1.2.3.4/', 'x', '1.2.3.4/8/9'])).toEqual(['1.2.3.4/33', '1.2.3.4/', 'x', '1.2.3.4/8/9'])
  })
})
