import { describe, expect, it } from 'vitest'
import { parsePrometheus, sumBy, total } from './prometheus'

const TEXT = `# HELP vigil_events_received_total Audit events received by ingest.
# TYPE vigil_events_received_total counter
vigil_events_received_total{cluster="local"} 51
vigil_events_received_total{cluster="staging"} 2
vigil_dead_letters_total{reason="invalid_event"} 1
vigil_requests_rejected_total{service="api",code="not_found"} 3
vigil_requests_rejected_total{service="ingest",code="not_found"} 4
weird_label{msg="a \\"quoted\\" value, with {braces}"} 7
vigil_in_flight_batches{service="ingest"} 0
process_start_time_seconds 1.7e9
broken line without value
`

describe('parsePrometheus', () => {
  const samples = parsePrometheus(TEXT)

  it('reads every sample with its labels, and skips comments and broken lines', () => {
    expect(samples).toHaveLength(8)
    expect(samples[0]).toEqual({ name: 'vigil_events_received_total', labels: { cluster: 'local' }, value: 51 })
    expect(samples.find((s) => s.name === 'weird_label')?.labels['msg']).toBe('a "quoted" value, with {braces}')
    expect(samples.find((s) => s.name === 'process_start_time_seconds')?.value).toBe(1.7e9)
  })

  it('sums by a label, and in all', () => {
    expect(sumBy(samples, 'vigil_events_received_total', 'cluster')).toEqual(new Map([['local', 51], ['staging', 2]]))
    expect(sumBy(samples, 'vigil_requests_rejected_total', 'code')).toEqual(new Map([['not_found', 7]]))
    expect(total(samples, 'vigil_events_received_total')).toBe(53)
    expect(total(samples, 'absent_metric')).toBe(0)
  })
})
