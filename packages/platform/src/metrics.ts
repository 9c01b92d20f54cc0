import { Counter, Histogram, Registry, Gauge, collectDefaultMetrics } from 'prom-client'

/**
 * vigil's fixed metric vocabulary. One instance per process, created in the
 * composition root and passed down; every label value is bounded (codes,
 * reasons, rule ids, configured cluster ids), never a raw message.
 */
export interface Metrics {
  readonly registry: Registry
  readonly eventsReceived: Counter<'cluster'>
  readonly eventsDropped: Counter<'reason'>
  readonly eventsPublished: Counter<'topic'>
  readonly eventsEvaluated: Counter<'outcome'>
  readonly findings: Counter<'rule' | 'severity' | 'cluster'>
  readonly ruleErrors: Counter<'rule_id'>
  readonly indicatorEntries: Gauge<'list'>
  readonly indicatorReloads: Counter<'outcome'>
  readonly deadLetters: Counter<'reason'>
  readonly requestsRejected: Counter<'service' | 'code'>
  readonly authRefusals: Counter<'service' | 'reason'>
  readonly tokenReloadFailures: Counter<'service'>
  readonly accessRecords: Counter
  readonly accessRecordsDropped: Counter
  readonly errors: Counter<'stage' | 'error_type'>
  readonly storeWriteSeconds: Histogram<'table'>
  readonly batchSize: Histogram<'stage'>
  readonly inFlightBatches: Gauge<'service'>
  readonly ledgerCheckpoints: Counter<'outcome'>
  readonly ledgerGaps: Counter
  readonly alertCandidates: Counter<'outcome'>
  readonly notifications: Counter<'sink' | 'sink_type' | 'kind' | 'outcome'>
  readonly notificationAttempts: Counter<'sink' | 'result'>
  readonly notificationsSuppressed: Counter<'reason'>
  readonly outboxPending: Gauge<'sink'>
  readonly sinkHealthy: Gauge<'sink'>
  readonly sourceEvents: Counter<'source' | 'outcome'>
  readonly sourceLagSeconds: Gauge<'source'>
  readonly jobRuns: Counter<'job' | 'outcome'>
  readonly coverageOpenGaps: Gauge
  readonly alertRecordsExpired: Counter<'state'>
  readonly ruleBodiesMissing: Counter<'rule_id'>
}

export function createMetrics(options: { defaultMetrics?: boolean } = {}): Metrics {
  const registry = new Registry()
  if (options.defaultMetrics !== false) collectDefaultMetrics({ register: registry })
  const registers = [registry]
  return {
    registry,
    eventsReceived: new Counter({ name: 'vigil_events_received_total', help: 'Audit events received by ingest, before validation and deduplication.', labelNames: ['cluster'], registers }),
    eventsDropped: new Counter({ name: 'vigil_events_dropped_total', help: 'Events not published, by reason (duplicate, invalid).', labelNames: ['reason'], registers }),
    eventsPublished: new Counter({ name: 'vigil_events_published_total', help: 'Records durably published to the event log, by topic.', labelNames: ['topic'], registers }),
    eventsEvaluated: new Counter({ name: 'vigil_events_evaluated_total', help: 'Events evaluated against the rules, by outcome (matched, no_match, error).', labelNames: ['outcome'], registers }),
    findings: new Counter({ name: 'vigil_findings_total', help: 'Findings produced, by rule id, severity and cluster (configured cluster ids: bounded). Alert on it from Prometheus, e.g. policy violations > 10 in 5 minutes.', labelNames: ['rule', 'severity', 'cluster'], registers }),
    ruleErrors: new Counter({ name: 'vigil_rule_errors_total', help: 'Rule evaluations that raised an error (missing or mistyped fields); counted as no match. An exception condition that raises counts too; its finding stands.', labelNames: ['rule_id'], registers }),
    indicatorEntries: new Gauge({ name: 'vigil_indicator_entries', help: 'Entries loaded from each indicator file (analyzer.indicator_files), by the rules list it fills.', labelNames: ['list'], registers }),
    indicatorReloads: new Counter({ name: 'vigil_indicator_reloads_total', help: 'Indicator file loads, by outcome (loaded, failed); a failed one keeps the last lists.', labelNames: ['outcome'], registers }),
    deadLetters: new Counter({ name: 'vigil_dead_letters_total', help: 'Payloads sent to the dead-letter lane, by reason.', labelNames: ['reason'], registers }),
    requestsRejected: new Counter({ name: 'vigil_requests_rejected_total', help: 'HTTP requests answered with an error, by service and error code.', labelNames: ['service', 'code'], registers }),
    authRefusals: new Counter({ name: 'vigil_auth_refusals_total', help: 'Requests refused authentication, by service and reason (missing, malformed, unknown, expired, revoked, throttled).', labelNames: ['service', 'reason'], registers }),
    tokenReloadFailures: new Counter({ name: 'vigil_token_reload_failures_total', help: 'Reloads of the managed tokens table that failed; the previous set stays in force.', labelNames: ['service'], registers }),
    accessRecords: new Counter({ name: 'vigil_access_records_total', help: 'API requests recorded in the access log (access_log_v1).', registers }),
    accessRecordsDropped: new Counter({ name: 'vigil_access_records_dropped_total', help: 'Access records dropped because the store stayed down longer than the buffer lasts; should stay 0.', registers }),
    errors: new Counter({ name: 'vigil_errors_total', help: 'Internal errors, by pipeline stage and error type. consumer_crash (stage consume or source): a Kafka consumer kafkajs crashed without restarting; vigil restarts it with backoff.', labelNames: ['stage', 'error_type'], registers }),
    storeWriteSeconds: new Histogram({ name: 'vigil_store_write_duration_seconds', help: 'Latency of one store insert, by table.', labelNames: ['table'], buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10], registers }),
    batchSize: new Histogram({ name: 'vigil_batch_size_events', help: 'Events per batch, by stage (ingest request, analyzer batch).', labelNames: ['stage'], buckets: [1, 10, 50, 100, 200, 400, 1000, 2500, 5000, 10000], registers }),
    inFlightBatches: new Gauge({ name: 'vigil_in_flight_batches', help: 'Batches accepted but not yet durable, by service.', labelNames: ['service'], registers }),
    ledgerCheckpoints: new Counter({ name: 'vigil_ledger_checkpoints_total', help: 'Scheduled ledger checkpoints, by outcome (signed, failed). A failed one is retried at the next tick.', labelNames: ['outcome'], registers }),
    ledgerGaps: new Counter({ name: 'vigil_ledger_gaps_total', help: 'Ledger batches that did not start right after their chain head: event-log positions lost before the analyzer (verification reports each as batch_gap).', registers }),
    alertCandidates: new Counter({ name: 'vigil_alert_candidates_total', help: 'Alert candidates the router consumed, by outcome (grouped, duplicate, dropped, unmatched_sinks, invalid).', labelNames: ['outcome'], registers }),
    notifications: new Counter({ name: 'vigil_notifications_total', help: 'Notifications finished, by sink, sink type, kind (trigger, update, repeat, resolve, test, digest) and outcome (delivered, dead_lettered, collapsed into a backlog digest).', labelNames: ['sink', 'sink_type', 'kind', 'outcome'], registers }),
    notificationAttempts: new Counter({ name: 'vigil_notification_attempts_total', help: 'Delivery attempts, by sink and result (success, rate_limited, client_error, auth_error, server_error, timeout, network, ssrf_blocked).', labelNames: ['sink', 'result'], registers }),
    notificationsSuppressed: new Counter({ name: 'vigil_notifications_suppressed_total', help: 'Findings not notified, by reason (silenced, inhibited, min_severity, route_drop).', labelNames: ['reason'], registers }),
    outboxPending: new Gauge({ name: 'vigil_outbox_pending', help: 'Notifications waiting in the outbox, by sink.', labelNames: ['sink'], registers }),
    sinkHealthy: new Gauge({ name: 'vigil_sink_healthy', help: '1 while a sink accepts deliveries, 0 after a permanent configuration error (revoked token, archived channel, SSRF refusal).', labelNames: ['sink'], registers }),
    sourceEvents: new Counter({ name: 'vigil_source_events_total', help: 'Events from a configured cloud source, by source name and outcome (received, accepted, rejected, redelivered).', labelNames: ['source', 'outcome'], registers }),
    sourceLagSeconds: new Gauge({ name: 'vigil_source_lag_seconds', help: 'Seconds between the cloud handing over the latest delivery (Firehose timestamp, Pub/Sub publishTime, Event Hubs record time) and vigil taking it, by source.', labelNames: ['source'], registers }),
    jobRuns: new Counter({ name: 'vigil_job_runs_total', help: 'Scheduled job runs, by job and outcome (ok, error).', labelNames: ['job', 'outcome'], registers }),
    coverageOpenGaps: new Gauge({ name: 'vigil_coverage_open_gaps', help: 'Sources (cluster, apiserver) silent for at least the gap threshold at the last gap check.', registers }),
    alertRecordsExpired: new Counter({ name: 'vigil_alert_records_expired_total', help: 'Outbox rows removed by the router retention job, by final state (delivered, dead).', labelNames: ['state'], registers }),
    ruleBodiesMissing: new Counter({ name: 'vigil_rule_bodies_missing_total', help: 'Clusters whose stream carried a request an enabled rule reads at an audit level below the one it needs (no body, no metadata_condition), by rule: one increment per rule and cluster, the first time (logged once too). Check the audit policy with vigil rules coverage.', labelNames: ['rule_id'], registers }),
  }
}
