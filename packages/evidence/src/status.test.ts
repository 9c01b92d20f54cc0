import { describe, expect, it } from 'vitest'
import { assessStatus, type StatusInput } from './status.js'

const base: StatusInput = {
  population_rules: 2,
  exception_rules: 1,
  clusters: 1,
  coverage: { expected_minutes: 1440, pct: 100 },
  min_coverage_pct: 99,
  exceptions: { open: 0, over_sla: 0, true_positive: 0, risk_accepted: 0, pending_approval: 0 },
}
const ex = (e: Partial<StatusInput['exceptions']>) => ({ ...base, exceptions: { ...base.exceptions, ...e } })

describe('status rules', () => {
  it('operating when coverage is enough and no exception stands', () => {
    expect(assessStatus(base).status).toBe('operating')
  })
  it('not_applicable without rules or clusters, before anything else', () => {
    expect(assessStatus({ ...base, population_rules: 0, exception_rules: 0, coverage: { expected_minutes: 0, pct: 0 } }).status).toBe('not_applicable')
    expect(assessStatus({ ...base, clusters: 0 }).status).toBe('not_applicable')
  })
  it('insufficient_evidence below the minimum coverage or with nothing expected, even with exceptions', () => {
    expect(assessStatus({ ...ex({ over_sla: 3 }), coverage: { expected_minutes: 1440, pct: 98.9 } })).toMatchObject({ status: 'insufficient_evidence', reasons: [expect.stringMatching(/98.9% is below the 99% minimum/)] })
    expect(assessStatus({ ...base, coverage: { expected_minutes: 0, pct: 0 } }).status).toBe('insufficient_evidence')
    expect(assessStatus({ ...base, coverage: { expected_minutes: 1440, pct: 99 } }).status).toBe('operating')
  })
  it('not_operating when an exception is past its SLA', () => {
    expect(assessStatus(ex({ over_sla: 1, open: 1 }))).toMatchObject({ status: 'not_operating', reasons: [expect.any(String), '1 exception(s) stayed unresolved past their SLA'] })
  })
  it('exceptions_noted for open, pending, true_positive and risk_accepted exceptions', () => {
    expect(assessStatus(ex({ open: 2, pending_approval: 1 })).reasons[1]).toBe('2 exception(s) are not resolved yet (1 await a second approver)')
    expect(assessStatus(ex({ true_positive: 1 })).status).toBe('exceptions_noted')
    expect(assessStatus(ex({ risk_accepted: 1 })).status).toBe('exceptions_noted')
  })
})
