/**
 * A bounded set of recently published (cluster, auditID, stage) keys. The
 * apiserver resends a whole batch when it missed our 200; this drops the
 * repeats before they cost a publish. Storage deduplicates as well, so an
 * eviction only costs work, never correctness.
 */
export class RecentKeys {
  private readonly keys = new Set<string>()

  constructor(private readonly capacity: number) {}

  has(key: string): boolean {
    return this.keys.has(key)
  }

  addAll(keys: Iterable<string>): void {
    if (this.capacity === 0) return
    for (const k of keys) {
      this.keys.delete(k)
      this.keys.add(k)
    }
    // A Set iterates in insertion order: the oldest keys come first.
    let excess = this.keys.size - this.capacity
    if (excess <= 0) return
    for (const k of this.keys) {
      if (excess-- <= 0) break
      this.keys.delete(k)
    }
  }

  get size(): number {
    return this.keys.size
  }
}

export function eventKey(cluster: string, auditID: string, stage: string): string {
  return `${cluster}\u0000${auditID}\u0000${stage}`
}
