import type { StoreOps } from '../store-ops.js'
import {
  ALERT_GROUP_MEMBERS_TABLE, ALERT_GROUPS_TABLE, ALERT_NOTIFICATIONS_TABLE, ALERT_THREADS_TABLE, SILENCES_TABLE,
  existingAlertNotificationIds, insertAlertGroupMembers, loadOpenAlertGroupMembers, getAlertNotification, getSilence, insertAlertGroups, insertAlertNotifications, insertAlertThread, insertSilences,
  listSilences, loadAlertThreads, loadOpenAlertGroups, queryAlertNotifications,
  type AlertGroupMemberRow, type AlertGroupRow, type AlertNotificationRow, type NotificationQuery, type SilenceRow,
} from '../tables/alerting.js'
import { ALERT_SINK_HEALTH_TABLE, expireAlertNotifications, lastAlertEpisodes, insertSinkHealth, loadSinkHealth, routedFindings, type ExpiredCounts, type RoutedFinding, type SinkHealthRow } from '../tables/alert-maintenance.js'

/**
 * The alert router's durable state: open groups, the notification outbox,
 * Slack threads and silences. Every write is a new version of a row; reads
 * see the highest version.
 */
export interface AlertingStore {
  writeGroups(rows: readonly AlertGroupRow[]): Promise<void>
  loadOpenGroups(): Promise<AlertGroupRow[]>
  /** Findings joining groups; appended before the consumer commits. */
  writeGroupMembers(rows: readonly AlertGroupMemberRow[]): Promise<void>
  loadOpenGroupMembers(): Promise<AlertGroupMemberRow[]>
  /** Outbox rows, written before the consumer commits. */
  writeNotifications(rows: readonly AlertNotificationRow[]): Promise<void>
  existingNotificationIds(ids: readonly string[]): Promise<Set<string>>
  listNotifications(q: NotificationQuery): Promise<AlertNotificationRow[]>
  getNotification(id: string): Promise<AlertNotificationRow | undefined>
  writeThread(key: string, channel: string, ts: string): Promise<void>
  loadThreads(): Promise<{ key: string; channel: string; ts: string }[]>
  writeSilences(rows: readonly SilenceRow[]): Promise<void>
  listSilences(limit: number): Promise<SilenceRow[]>
  getSilence(id: string): Promise<SilenceRow | undefined>
  /** The last episode number of every group key, closed groups included. */
  lastEpisodes(): Promise<Map<string, number>>
  writeSinkHealth(rows: readonly SinkHealthRow[]): Promise<void>
  /** Each sink's latest health row; a sink never seen has none (healthy). */
  loadSinkHealth(): Promise<SinkHealthRow[]>
  /** Retention: removes delivered and dead outbox rows last updated before their cutoff; never a pending one. */
  expireNotifications(q: { deliveredBefore: number; deadBefore: number }): Promise<ExpiredCounts>
  /** Digests: the findings that joined each route's groups in [from, to). */
  routedFindings(q: { from: number; to: number; limit: number }): Promise<RoutedFinding[]>
}

export function createAlertingStore(ops: StoreOps): AlertingStore {
  const { client } = ops
  return {
    writeGroups: (rows) => ops.write(ALERT_GROUPS_TABLE, 'writing alert groups', () => insertAlertGroups(client, rows)),
    loadOpenGroups: () => ops.read('loading alert groups', () => loadOpenAlertGroups(client)),
    writeGroupMembers: (rows) => ops.write(ALERT_GROUP_MEMBERS_TABLE, 'writing alert group members', () => insertAlertGroupMembers(client, rows)),
    loadOpenGroupMembers: () => ops.read('loading alert group members', () => loadOpenAlertGroupMembers(client)),
    writeNotifications: (rows) => ops.write(ALERT_NOTIFICATIONS_TABLE, 'writing notifications', () => insertAlertNotifications(client, rows)),
    existingNotificationIds: (ids) => ops.read('reading notification ids', () => existingAlertNotificationIds(client, ids)),
    listNotifications: (q) => ops.read('listing notifications', () => queryAlertNotifications(client, q)),
    getNotification: (id) => ops.read('reading a notification', () => getAlertNotification(client, id)),
    writeThread: (key, channel, ts) => ops.write(ALERT_THREADS_TABLE, 'writing a Slack thread', () => insertAlertThread(client, key, channel, ts)),
    loadThreads: () => ops.read('loading Slack threads', () => loadAlertThreads(client)),
    writeSilences: (rows) => ops.write(SILENCES_TABLE, 'writing silences', () => insertSilences(client, rows)),
    listSilences: (limit) => ops.read('listing silences', () => listSilences(client, limit)),
    getSilence: (id) => ops.read('reading a silence', () => getSilence(client, id)),
    lastEpisodes: () => ops.read('reading alert episodes', () => lastAlertEpisodes(client)),
    writeSinkHealth: (rows) => ops.write(ALERT_SINK_HEALTH_TABLE, 'writing sink health', () => insertSinkHealth(client, rows)),
    loadSinkHealth: () => ops.read('reading sink health', () => loadSinkHealth(client)),
    expireNotifications: (q) => ops.write(ALERT_NOTIFICATIONS_TABLE, 'expiring delivery records', () => expireAlertNotifications(client, q)),
    routedFindings: (q) => ops.read('reading routed findings', () => routedFindings(client, q)),
  }
}
