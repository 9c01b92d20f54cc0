const SEP = '\u001f'

/**
 * Remembers which rules already reported which requests, so a rule judged at
 * several stages of one request (RequestReceived, ResponseStarted,
 * ResponseComplete) reports it once (ADR 0012). All stages of a request share
 * its user, the event log's partition key, so one worker sees them all.
 * Bounded: the oldest entries go first. Forgetting is safe, because the
 * finding id does not include the stage: a later stage's finding replaces the
 * stored one instead of adding a second.
 */
export class RequestOnce {
  private readonly seen = new Set<string>()

  constructor(private readonly capacity = 200_000) {}

  /** True the first time (rule, cluster, auditID) is seen, false after. */
  first(ruleId: string, cluster: string, auditID: string): boolean {
    const key = `${ruleId}${SEP}${cluster}${SEP}${auditID}`
    if (this.seen.has(key)) return false
    this.seen.add(key)
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string)
    return true
  }

  /** Forgets everything: after a batch that was not stored, so its retry reports its requests again. */
  clear(): void {
    this.seen.clear()
  }

  get size(): number {
    return this.seen.size
  }
}

/**
 * Remembers which (rule, cluster) pairs were already reported as blinded by
 * the audit level, so the analyzer says so once per pair and process, not
 * once per event. Bounded like `RequestOnce`; never cleared by a failed batch
 * (the notice is a log line and a counter, not stored data).
 */
export class NoticeOnce {
  private readonly seen = new Set<string>()

  constructor(private readonly capacity = 10_000) {}

  /** True the first time (rule, cluster) is seen, false after. */
  first(ruleId: string, cluster: string): boolean {
    const key = `${ruleId}${SEP}${cluster}`
    if (this.seen.has(key)) return false
    this.seen.add(key)
    if (this.seen.size > this.capacity) this.seen.delete(this.seen.values().next().value as string)
    return true
  }
}
