import { describe, expect, it } from 'vitest'
import { LedgerConfig } from './ledger-config.js'

describe('LedgerConfig', () => {
  it('defaults to an hourly checkpoint with the ledger on', () => {
    expect(LedgerConfig.parse({})).toEqual({ enabled: true, origin: 'vigil', checkpoint_schedule: '0 * * * *' })
  })

  it.each(['*/15 * * * *', '30 2 * * *', '0 0,12 * * *', '5 */6 * * *'])('accepts %s, which fires every day', (schedule) => {
    expect(LedgerConfig.parse({ checkpoint_schedule: schedule }).checkpoint_schedule).toBe(schedule)
  })

  it.each(['0 0 1 * *', '0 0 * * 1', '0 0 * 2 *', 'hourly', '0 * * *', '0 * * * * *'])('refuses %s, which may skip days or is not five fields', (schedule) => {
    const r = LedgerConfig.safeParse({ checkpoint_schedule: schedule })
    expect(r.success).toBe(false)
    expect(r.error?.issues[0]?.message).toMatch(/fires at least daily/)
  })

  it('is strict: a misspelt key is an error', () => {
    expect(LedgerConfig.safeParse({ signing_key_path: 'x' }).success).toBe(false)
  })
})
