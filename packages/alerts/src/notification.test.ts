import { describe, expect, it } from 'vitest'
import { candidate } from '../test/fixtures.js'
import type { Flush } from './grouping.js'
import { notificationFor, notificationForSink } from './notification.js'

const high = candidate({ finding_id: 'f-high', severity: 'high' })
const critical = candidate({ finding_id: 'f-crit', severity: 'critical' })
const flush = (over: Partial<Flush>): Flush => ({ kind: 'trigger', groupKey: 'r/g', route: 'r', episode: 1, seq: 1, findings: [high], fresh: [high], ...over })

describe('notificationForSink: a sink hears only what reaches its min_severity', () => {
  it('sends nothing to a critical-only sink for a high-only group', () => {
    expect(notificationForSink(flush({}), 'pager', 0, 'critical')).toBeUndefined()
    expect(notificationForSink(flush({}), 'chat', 0, 'info')).toEqual(notificationFor(flush({}), 'chat', 0))
  })

  it('lists only the findings that reach the minimum, with their severity', () => {
    const n = notificationForSink(flush({ findings: [high, critical], fresh: [high, critical] }), 'pager', 0, 'critical')
    expect(n?.findings.map((f) => f.finding_id)).toEqual(['f-crit'])
    expect(n?.fresh.map((f) => f.finding_id)).toEqual(['f-crit'])
    expect(n?.severity).toBe('critical')
    expect(n?.kind).toBe('trigger')
  })

  it("turns a group's update into this sink's trigger when its first qualifying finding arrives", () => {
    const n = notificationForSink(flush({ kind: 'update', seq: 2, findings: [high, critical], fresh: [critical] }), 'pager', 0, 'critical')
    expect(n?.kind).toBe('trigger')
    expect(n?.id).toBe(notificationFor(flush({ kind: 'trigger', seq: 2, findings: [critical], fresh: [critical] }), 'pager', 0).id)
  })

  it('skips an update that brings the sink nothing new, and keeps one that does', () => {
    expect(notificationForSink(flush({ kind: 'update', seq: 3, findings: [critical, high], fresh: [high] }), 'pager', 0, 'critical')).toBeUndefined()
    const crit2 = candidate({ finding_id: 'f-crit-2', severity: 'critical' })
    expect(notificationForSink(flush({ kind: 'update', seq: 3, findings: [critical, high, crit2], fresh: [high, crit2] }), 'pager', 0, 'critical')?.kind).toBe('update')
  })

  it('resolves only at a sink that received something of the episode', () => {
    expect(notificationForSink(flush({ kind: 'resolve', findings: [high], fresh: [] }), 'pager', 0, 'critical')).toBeUndefined()
    expect(notificationForSink(flush({ kind: 'resolve', findings: [high, critical], fresh: [] }), 'pager', 0, 'critical')?.findings).toEqual([critical])
  })
})
