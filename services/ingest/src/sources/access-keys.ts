import { createHash, timingSafeEqual } from 'node:crypto'

const digest = (s: string) => createHash('sha256').update(s, 'utf8').digest()

/**
 * Maps shared secrets (Firehose access keys, Pub/Sub push tokens) to what
 * they identify. Every configured digest is compared in constant time, so
 * neither which entry matched nor how much of a key was right shows in the
 * timing.
 */
export class SharedSecrets<T> {
  private readonly entries: { digest: Buffer; value: T }[]

  constructor(entries: Iterable<{ secret: string; value: T }>) {
    this.entries = [...entries].map((e) => ({ digest: digest(e.secret), value: e.value }))
  }

  lookup(presented: string | undefined): T | undefined {
    if (presented === undefined || presented.length === 0 || presented.length > 4096) return undefined
    const d = digest(presented)
    let found: T | undefined
    for (const e of this.entries) if (timingSafeEqual(d, e.digest) && found === undefined) found = e.value
    return found
  }
}
