import { BlockList } from 'node:net'
import { addEntries } from './addresses.js'

/** What an indicator file holds: addresses and CIDRs (checked), or globs (user agents, names). */
export type IndicatorKind = 'addresses' | 'globs'

export interface ParsedIndicatorFile {
  items: string[]
  /** Lines that are not a valid entry, with their 1-based line numbers; they are left out. */
  problems: { line: number; text: string }[]
}

/**
 * Parses an indicator file: one entry per line; `#` starts a comment (a whole
 * line, or the rest of a line after whitespace); blank lines are skipped;
 * surrounding whitespace is trimmed. For `addresses`, an entry must be an IPv4
 * or IPv6 address or CIDR (the Tor Project's exit list and most threat feeds
 * are in this shape); other lines are reported, not loaded. Duplicates are kept once.
 */
export function parseIndicatorFile(text: string, kind: IndicatorKind): ParsedIndicatorFile {
  const items = new Set<string>()
  const problems: ParsedIndicatorFile['problems'] = []
  const lines = text.split(/\r?\n/)
  for (const [i, raw] of lines.entries()) {
    const hash = raw.search(/(^|\s)#/)
    const entry = (hash < 0 ? raw : raw.slice(0, hash)).trim()
    if (entry === '') continue
    if (kind === 'addresses' && addEntries(new BlockList(), [entry]).length > 0) {
      problems.push({ line: i + 1, text: entry.length > 80 ? `${entry.slice(0, 80)}…` : entry })
      continue
    }
    items.add(entry)
  }
  return { items: [...items], problems }
}
