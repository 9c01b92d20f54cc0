import { randomUUID } from 'node:crypto'
import {
  AlertCandidate, backlogDigest, compileInhibitRules, sinkHealthNotification, type Notification, compileRoutes, createHttpSender, createSinkSender, Delivery, Grouper, groupKeyOf, inhibitedBy, newOutboxEntry,
  minSeverityOf, notificationForSink, perSecond, routeCandidate, silencing, testNotification, TokenBucket,
  type DeliveryEvent, type LoadedAlerting, type Matcher, type OutboxEntry, type Resolver, type Silence, type SinkLane, type SlackThread,
} from '@vigil/alerts'
import type { EventLogConsumer, ConsumedBatch } from '@vigil/event-log'
import type { Logger, Metrics } from '@vigil/platform'
import { SlaHours } from '@vigil/evidence'
import type { AlertingStore, CoverageStore, ReviewStore, SilenceRow } from '@vigil/store'
import { buildDigests } from './jobs/digests.js'
import { runRetention } from './jobs/retention.js'
import { createSchedules, type ScheduledJob } from './jobs/schedules.js'
import { gapCandidates } from './jobs/stream-gaps.js'
import { resolvedFindings } from './jobs/triage-sync.js'
import { createVersioner, entryFromRow, groupRow, groupsFromRows, memberRow, notificationRow } from './rows.js'

export interface RouterDeps {
  consumer: EventLogConsumer
  store: AlertingStore
  alerting: LoadedAlerting
  metrics: Metrics
  logger: Logger
  resolver: Resolver
  clock?: () => number
  random?: () => number
  tickMaxMs?: number
  refreshMs?: number
  /** Triage rows: a group whose every finding is resolved in triage resolves its incident. Absent: only the API's resolveGroup does. */
  triage?: Pick<ReviewStore, 'histories'>
  /** Recorded coverage gaps, for stream-silence alerts (schedules.stream_gap). */
  coverage?: Pick<CoverageStore, 'recordedGaps'>
  /** Triage SLAs, for the digests' "open past SLA" (the evidence section's sla_hours). */
  sla?: SlaHours
}

export type RouterJob = 'digest' | 'stream_gap' | 'retention'

export interface Router {
  start(): Promise<void>
  /** Stops consuming, finishes the in-flight step, leaves pending deliveries in the outbox. Idempotent. */
  stop(): Promise<void>
  /** Sends a `vigil.sink.test` through the real path (signing, SSRF guard, rate limit); bypasses only min_severity. */
  sendTest(sink: string): Promise<OutboxEntry | undefined>
  /** Re-queues a dead letter with the same notification id. */
  replay(id: string): Promise<OutboxEntry | undefined>
  /** Closes a group's episode (triage resolved it): a resolve follows if a trigger went out. */
  resolveGroup(groupKey: string, reason: string): Promise<boolean>
  /** Runs one step now (tests, and after a batch with group_wait 0). */
  tick(): Promise<void>
  /** Re-reads silences and the outbox rows others queued (api tests, replays), then steps. */
  poll(): Promise<void>
  /** Runs one scheduled job now, on the router's clock (tests; cron calls the same). */
  runJob(job: RouterJob): Promise<void>
}

function silenceFromRow(r: SilenceRow): Silence {
  const s: Silence = { id: r.id, matchers: JSON.parse(r.matchers) as Matcher[], startsAt: r.starts_at_ms, endsAt: r.ends_at_ms, createdBy: r.created_by, comment: r.comment, createdAt: r.created_at_ms }
  if (r.expired_at_ms !== null) s.expiredAt = r.expired_at_ms
  if (r.replaces !== '') s.replaces = r.replaces
  return s
}

/**
 * The alert router: consumes candidates, groups them (state written before
 * the commit), turns due groups into outbox rows (written before anything is
 * sent), and drains the outbox with retries, rate limits and ordering.
 * Every step is idempotent by deterministic ids, so a crash anywhere repeats
 * work but loses none.
 */
export function createRouter(deps: RouterDeps): Router {
  const logger = deps.logger.child({ component: 'router' })
  const clock = deps.clock ?? Date.now
  const { metrics, store, alerting } = deps
  const routes = compileRoutes(alerting.config)
  const routeByName = new Map(routes.map((r) => [r.name, r]))
  const sinkConfigs = new Map([...alerting.sinks].map(([name, s]) => [name, s.config]))
  const inhibit = compileInhibitRules(alerting.config.inhibit_rules)
  const version = createVersioner()
  const http = createHttpSender({ egress: alerting.config.egress, resolver: deps.resolver, requestTimeoutMs: alerting.config.delivery.request_timeout, maxResponseBytes: alerting.config.delivery.max_response_bytes })
  const retry = alerting.config.delivery.retry
  const lanes = new Map<string, SinkLane>()
  for (const [name, sink] of alerting.sinks) {
    const c = sink.config
    lanes.set(name, {
      sender: createSinkSender(sink, http, alerting.config),
      policy: { baseMs: retry.base, capMs: retry.cap, maxAttempts: c.retry?.max_attempts ?? retry.max_attempts, maxAgeMs: c.retry?.max_age ?? retry.max_age, rateLimitedFloorMs: retry.rate_limited_floor },
      bucket: new TokenBucket({ perSecond: perSecond(c.rate_limit), burst: c.rate_limit.burst, now: clock() }),
    })
    metrics.sinkHealthy.set({ sink: name }, 1)
  }
  const health = new Map<string, { healthy: boolean; breaks: number; since: number; detail: string; version: number }>()
  const fallback = alerting.config.meta.fallback_sink
  /** Open stream-gap findings whose gap closed (the source sends again), from the last gap run. */
  let closedGaps = new Set<string>()
  const threads = new Map<string, SlackThread>()
  // Attempts' rows are written once per step, not once per attempt: a crash before the write
  // repeats those attempts with the same ids (at least once), and chDB takes one insert, not N.
  const unsaved: ReturnType<typeof notificationRow>[] = []
  const flushSaves = async () => {
    if (unsaved.length > 0) await store.writeNotifications(unsaved.splice(0))
  }
  const delivery = new Delivery({
    lanes,
    random: deps.random ?? Math.random,
    threads,
    save: async (e) => {
      unsaved.push(notificationRow(e, version(clock()), clock()))
    },
    saveThread: (key, t) => store.writeThread(key, t.channel, t.ts),
  })
  let grouper = new Grouper(routes)
  /** Groups loaded at start that have not flushed since. */
  const restored = new Set<string>()
  let silences: Silence[] = []
  let silencesAt = -Infinity
  let timer: NodeJS.Timeout | undefined
  let running: Promise<void> | undefined
  let again = false
  let stopped = false
  let stopping: Promise<void> | undefined

  async function refreshSilences(now: number, force = false): Promise<void> {
    if (!force && now - silencesAt < (deps.refreshMs ?? 5000)) return
    silences = (await store.listSilences(10_000)).map(silenceFromRow)
    silencesAt = now
    // Rows the api queued: sink tests (new ids) and replays (pending again in the store).
    for (const row of await store.listNotifications({ state: 'pending', limit: 100_000 })) {
      const known = delivery.get(row.notification_id)
      if (known === undefined) delivery.enqueue(entryFromRow(row))
      else if (known.state === 'dead') await delivery.replay(row.notification_id, now)
    }
    await flushSaves()
    await syncResolutions(now)
  }

  /**
   * Closes every notified group whose findings are all resolved: in triage
   * (the evidence lifecycle's rows, read from the store, so it works whichever
   * process recorded them) or, for stream-gap findings, by their gap closing.
   * The grouper then queues a resolve with the episode's dedup_key, sent after
   * its trigger. A silence never gets here.
   */
  async function syncResolutions(now: number): Promise<void> {
    const open = grouper.groups().filter((g) => g.triggered && g.resolved === undefined)
    if (open.length === 0) return
    const ids = open.flatMap((g) => g.findings.map((f) => f.finding_id)).filter((id) => !closedGaps.has(id))
    const triaged = deps.triage === undefined || ids.length === 0 ? new Set<string>() : await resolvedFindings(deps.triage, ids, new Date(now).toISOString())
    for (const g of open) {
      if (g.findings.length === 0 || !g.findings.every((f) => triaged.has(f.finding_id) || closedGaps.has(f.finding_id))) continue
      const reason = g.findings.every((f) => closedGaps.has(f.finding_id)) ? 'the source sends again' : 'resolved in triage'
      if (grouper.resolve(g.key, now, reason)) {
        await store.writeGroups([groupRow(grouper.get(g.key), g.key, g.route, g.episode, version(now), now)])
        again = true
      }
    }
  }

  /**
   * Outbox first, then the delivery queue; ids already stored are skipped, so a repeat is harmless.
   * `known` says which ids cannot be stored yet (no lookup needed for them).
   */
  async function queue(notifications: readonly Notification[], now: number, known: (n: Notification) => boolean = () => false): Promise<OutboxEntry[]> {
    if (notifications.length === 0) return []
    const entries = notifications.map(newOutboxEntry)
    const unknown = entries.filter((e) => !known(e.notification)).map((e) => e.notification.id)
    const existing = unknown.length === 0 ? new Set<string>() : await store.existingNotificationIds(unknown)
    const fresh = entries.filter((e) => !existing.has(e.notification.id))
    await store.writeNotifications(fresh.map((e) => notificationRow(e, version(now), now)))
    for (const e of fresh) delivery.enqueue(e)
    return fresh
  }

  /**
   * A chat or webhook sink whose never-tried queue grew past the threshold gets
   * one backlog digest instead (written to the outbox first), and the rest are
   * marked collapsed. PagerDuty is left alone: each event there carries an
   * incident's dedup_key, and 120 events/min drains a backlog quickly.
   */
  async function collapseBacklogs(now: number): Promise<void> {
    for (const [name, lane] of lanes) {
      if (lane.sender.type === 'pagerduty') continue
      const list = delivery.collapsible(name)
      if (list.length <= alerting.config.meta.backlog_threshold) continue
      const digest = backlogDigest(name, list.map((e) => e.notification), 5, now)
      await queue([digest], now)
      await delivery.collapse(list, digest.id)
      for (const e of list) metrics.notifications.inc({ sink: name, sink_type: lane.sender.type, kind: e.notification.kind, outcome: 'collapsed' })
      logger.warn({ sink: name, collapsed: list.length, digest: digest.id }, 'sink backlog collapsed into one digest')
    }
  }

  /** A permanent configuration error marks the sink unhealthy and raises a meta-alert on the fallback; its next success clears both. */
  async function trackHealth(events: readonly DeliveryEvent[], now: number): Promise<void> {
    const meta: Notification[] = []
    const rows: Parameters<AlertingStore['writeSinkHealth']>[0][number][] = []
    for (const e of events) {
      const sink = e.entry.notification.sink
      const h = health.get(sink) ?? { healthy: true, breaks: 0, since: now, detail: 'ok', version: 0 }
      let next: typeof h | undefined
      if (e.sinkBroken && h.healthy) next = { healthy: false, breaks: h.breaks + 1, since: now, detail: e.entry.lastDetail ?? 'unknown', version: Math.max(h.version + 1, version(now)) }
      else if (e.result === 'success' && !h.healthy) next = { ...h, healthy: true, since: now, detail: 'ok', version: Math.max(h.version + 1, version(now)) }
      if (next === undefined) continue
      health.set(sink, next)
      metrics.sinkHealthy.set({ sink }, next.healthy ? 1 : 0)
      rows.push({ sink, healthy: next.healthy, since_ms: next.since, detail: next.detail, breaks: next.breaks, version: next.version })
      if (fallback !== undefined && fallback !== sink && e.entry.notification.route !== 'meta') {
        meta.push(sinkHealthNotification({ fallback, sink, breaks: next.breaks, kind: next.healthy ? 'resolve' : 'trigger', detail: next.healthy ? h.detail : next.detail, since: next.healthy ? h.since : now, now }))
      }
    }
    if (rows.length > 0) await store.writeSinkHealth(rows)
    if (meta.length > 0) {
      await queue(meta, now)
      again = true
    }
  }

  function count(events: readonly DeliveryEvent[]): void {
    for (const e of events) {
      const n = e.entry.notification
      const type = lanes.get(n.sink)?.sender.type ?? 'unknown'
      if (e.result !== 'dead_lettered' && e.result !== 'ordering') metrics.notificationAttempts.inc({ sink: n.sink, result: e.result })
      if (e.result === 'success') metrics.notifications.inc({ sink: n.sink, sink_type: type, kind: n.kind, outcome: 'delivered' })
      if (e.result === 'dead_lettered') {
        metrics.notifications.inc({ sink: n.sink, sink_type: type, kind: n.kind, outcome: 'dead_lettered' })
        logger.warn({ sink: n.sink, notification: n.id, reason: e.entry.deadReason }, 'notification dead-lettered')
      }
      if (e.sinkBroken) {
        logger.error({ sink: n.sink, result: e.result, detail: e.entry.lastDetail }, 'sink configuration is broken; fix it and replay its dead letters')
      }
    }
    const pending = new Map<string, number>()
    for (const name of lanes.keys()) pending.set(name, 0)
    for (const e of delivery.pending()) pending.set(e.notification.sink, (pending.get(e.notification.sink) ?? 0) + 1)
    for (const [sink, n] of pending) metrics.outboxPending.set({ sink }, n)
  }

  async function step(): Promise<void> {
    const now = clock()
    await refreshSilences(now)
    const firing = grouper.groups().flatMap((g) => g.findings)
    const muted = (c: AlertCandidate) => (silencing(silences, c, now).length > 0 ? 'silenced' : inhibitedBy(inhibit, firing, c) !== undefined ? 'inhibited' : undefined)
    const before = new Map(grouper.groups().map((g) => [g.key, g]))
    const { flushes, suppressed } = grouper.due(now, muted)
    for (const s of suppressed) metrics.notificationsSuppressed.inc({ reason: s.reason }, s.findings)
    const entries: Notification[] = []
    for (const f of flushes) {
      const route = routeByName.get(f.route)
      for (const sink of route?.sinks ?? []) {
        const config = sinkConfigs.get(sink)
        const n = config === undefined ? undefined : notificationForSink(f, sink, now, minSeverityOf(config))
        if (n !== undefined) entries.push(n)
      }
    }
    // The outbox first: a crash after this repeats the flush with the same ids, which are skipped.
    // Only a group loaded at start can repeat a flush already stored (its row may lag its outbox
    // rows); a group opened since numbers its episode after every stored one, so its ids are new.
    await queue(entries, now, (n) => !restored.has(n.groupKey))
    for (const f of flushes) restored.delete(f.groupKey)
    await collapseBacklogs(now)
    if (flushes.length > 0) {
      const rows = flushes.map((f) => {
        const g = grouper.get(f.groupKey)
        return groupRow(g, f.groupKey, f.route, f.episode, version(now), now)
      })
      await store.writeGroups(rows)
    }
    // Groups that only moved their timers (suppressed) are saved too, so a restart keeps the schedule.
    const moved = suppressed.map((s) => grouper.get(s.groupKey)).filter((g) => g !== undefined && before.has(g.key))
    if (moved.length > 0) await store.writeGroups(moved.map((g) => groupRow(g, g!.key, g!.route, g!.episode, version(now), now)))
    const events = await delivery.step(now)
    await flushSaves()
    count(events)
    await trackHealth(events, now)
  }

  function schedule(): void {
    if (stopped) return
    clearTimeout(timer)
    const now = clock()
    const next = Math.min(grouper.nextDueAt() ?? Infinity, delivery.nextWakeAt(now) ?? Infinity, now + (deps.tickMaxMs ?? 1000))
    timer = setTimeout(() => void tick(), Math.max(0, next - now))
    timer.unref()
  }

  function tick(): Promise<void> {
    if (running !== undefined) {
      again = true
      return running
    }
    running = (async () => {
      try {
        do {
          again = false
          await step()
        } while (again && !stopped)
      } catch (err) {
        metrics.errors.inc({ stage: 'router', error_type: (err as { code?: string }).code ?? 'unknown' })
        logger.warn({ err }, 'router step failed; it will run again')
      } finally {
        running = undefined
        schedule()
      }
    })()
    return running
  }

  async function handle(batch: ConsumedBatch): Promise<void> {
    if (batch.topic !== 'alerts') return
    const candidates: AlertCandidate[] = []
    for (const record of batch.records) {
      const parsed = AlertCandidate.safeParse(record.parsed ?? safeJson(record.value))
      if (!parsed.success) {
        metrics.alertCandidates.inc({ outcome: 'invalid' })
        logger.warn({ offset: record.offset, problem: parsed.error.issues[0]?.message }, 'alert candidate is invalid; skipped')
        continue
      }
      candidates.push(parsed.data)
    }
    await ingest(candidates)
  }

  /** Routes and groups candidates; their members and groups are stored before this resolves (so before the log commits). */
  async function ingest(candidates: readonly AlertCandidate[]): Promise<void> {
    const now = clock()
    const touched = new Map<string, string>()
    const members: ReturnType<typeof memberRow>[] = []
    for (const c of candidates) {
      const decision = routeCandidate(routes, sinkConfigs, c)
      if (decision.dropped) metrics.notificationsSuppressed.inc({ reason: 'route_drop' })
      let grouped = false
      for (const m of decision.matches) {
        if (m.belowMinSeverity.length > 0) metrics.notificationsSuppressed.inc({ reason: 'min_severity' }, m.belowMinSeverity.length)
        if (m.sinks.length === 0) continue
        const key = groupKeyOf(m.route, c)
        if (grouper.add(m.route, key, c, now)) {
          touched.set(key, m.route.name)
          members.push(memberRow(grouper.get(key) as NonNullable<ReturnType<Grouper['get']>>, c, now))
          grouped = true
        }
      }
      metrics.alertCandidates.inc({ outcome: grouped ? 'grouped' : decision.dropped ? 'dropped' : decision.matches.some((m) => m.sinks.length > 0) ? 'duplicate' : 'unmatched_sinks' })
    }
    if (touched.size > 0) {
      // Members, then group rows, before the log commits: the candidates are durable here.
      await store.writeGroupMembers(members)
      await store.writeGroups([...touched].map(([key, route]) => {
        const g = grouper.get(key)
        return groupRow(g, key, route, g?.episode ?? 0, version(now), now)
      }))
      if ((grouper.nextDueAt() ?? Infinity) <= clock()) void tick()
      else schedule()
    }
  }

  const schedulesConfig = alerting.config.schedules
  const jobs: Record<RouterJob, (() => Promise<void>) | undefined> = {
    retention: async () => void (await runRetention({ store, config: schedulesConfig.retention, metrics, logger, now: clock() })),
    stream_gap: schedulesConfig.stream_gap === undefined || deps.coverage === undefined ? undefined : async () => {
      const cfg = schedulesConfig.stream_gap as NonNullable<typeof schedulesConfig.stream_gap>
      const now = clock()
      const rows = await (deps.coverage as NonNullable<typeof deps.coverage>).recordedGaps({ from: new Date(now - cfg.lookback).toISOString(), to: new Date(now + 60_000).toISOString() })
      const { open, closed } = gapCandidates(rows, cfg.severity)
      closedGaps = closed
      await ingest(open)
      await refreshSilences(now, true)
      await tick()
    },
    digest: schedulesConfig.digest === undefined ? undefined : async () => {
      const now = clock()
      const notes = await buildDigests({
        store, triage: deps.triage, sla: deps.sla ?? SlaHours.parse({}), config: schedulesConfig.digest as NonNullable<typeof schedulesConfig.digest>,
        routes: alerting.config.routes, sinkType: (sink) => lanes.get(sink)?.sender.type, now,
      })
      await queue(notes, now)
      await tick()
    },
  }
  const scheduled: ScheduledJob[] = []
  for (const [name, run] of Object.entries(jobs) as [RouterJob, (() => Promise<void>) | undefined][]) {
    if (run === undefined) continue
    const c = schedulesConfig[name] as { cron: string; timezone?: string }
    scheduled.push({ name: `alerts-${name.replace('_', '-')}`, cron: c.cron, timezone: c.timezone ?? 'UTC', run })
  }
  const schedules = createSchedules({ jobs: scheduled, metrics, logger })

  return {
    async start() {
      const groups = await store.loadOpenGroups()
      grouper = new Grouper(routes, groupsFromRows(groups, await store.loadOpenGroupMembers()), await store.lastEpisodes())
      for (const g of groups) restored.add(g.group_key)
      for (const t of await store.loadThreads()) threads.set(t.key, { channel: t.channel, ts: t.ts })
      for (const row of await store.listNotifications({ state: 'pending', limit: 1_000_000 })) delivery.enqueue(entryFromRow(row))
      await refreshSilences(clock())
      for (const h of await store.loadSinkHealth()) {
        if (!lanes.has(h.sink)) continue
        health.set(h.sink, { healthy: h.healthy, breaks: h.breaks, since: h.since_ms, detail: h.detail, version: h.version })
        metrics.sinkHealthy.set({ sink: h.sink }, h.healthy ? 1 : 0)
      }
      await deps.consumer.run({ topics: ['alerts'], handler: handle })
      schedules.start()
      logger.info({ groups: groups.length, pending: delivery.pending().length, routes: routes.length, sinks: lanes.size }, 'router started')
      void tick()
    },
    stop() {
      stopping ??= (async () => {
        await deps.consumer.stop()
        await schedules.stop()
        stopped = true
        clearTimeout(timer)
        if (running !== undefined) await running
        http.close()
      })()
      return stopping
    },
    async sendTest(sink) {
      if (!lanes.has(sink)) return undefined
      const e = newOutboxEntry(testNotification(sink, clock(), randomUUID()))
      await store.writeNotifications([notificationRow(e, version(clock()), clock())])
      delivery.enqueue(e)
      await tick()
      return e
    },
    async replay(id) {
      let e = delivery.get(id)
      if (e === undefined) {
        const row = await store.getNotification(id)
        if (row === undefined || row.state !== 'dead') return undefined
        e = entryFromRow(row)
        delivery.enqueue(e)
      }
      const r = await delivery.replay(id, clock())
      await flushSaves()
      if (r !== undefined) void tick()
      return r
    },
    async resolveGroup(groupKey, reason) {
      const open = grouper.get(groupKey)
      if (open === undefined || !grouper.resolve(groupKey, clock(), reason)) return false
      await store.writeGroups([groupRow(grouper.get(groupKey), groupKey, open.route, open.episode, version(clock()), clock())])
      await tick()
      return true
    },
    tick,
    async runJob(job) {
      const run = jobs[job]
      if (run === undefined) throw new Error(`router job ${job} is not configured`)
      await run()
    },
    async poll() {
      await refreshSilences(clock(), true)
      await tick()
    },
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}
