import { describe, expect, it } from 'vitest'
import type { ArrivalMinutes } from '@vigil/store'
import { findGaps, summarizeCoverage } from './coverage.js'

const a = (minutes: number[], extra: Partial<ArrivalMinutes> = {}): ArrivalMinutes => ({ cluster: 'c', apiserver: '', first_ever: minutes[0] ?? 0, last_before: null, first_after: null, minutes, ...extra })

describe('gaps', () => {
  it('finds silences of at least the threshold, with their true bounds', () => {
    // minutes 0..3, silence 4..9 (6 minutes), 10..11, silence 12..14 (3), 15
    const arr = a([0, 1, 2, 3, 10, 11, 15])
    expect(findGaps(arr, 0, 16, 5)).toEqual([{ cluster: 'c', apiserver: '', start: 4, end: 10, open: false }])
    expect(findGaps(arr, 0, 16, 3)).toEqual([
      { cluster: 'c', apiserver: '', start: 4, end: 10, open: false },
      { cluster: 'c', apiserver: '', start: 12, end: 15, open: false },
    ])
  })
  it('an ongoing silence is an open gap ending at the window end; one that resumed later is closed', () => {
    expect(findGaps(a([0, 1]), 0, 10, 5)).toEqual([{ cluster: 'c', apiserver: '', start: 2, end: 10, open: true }])
    expect(findGaps(a([0, 1], { first_after: 12 }), 0, 10, 5)).toEqual([{ cluster: 'c', apiserver: '', start: 2, end: 12, open: false }])
    expect(findGaps(a([0, 1]), 0, 6, 5)).toEqual([])
  })
  it('a silence that began before the window is found with its true start', () => {
    expect(findGaps(a([20], { first_ever: 0, last_before: 3 }), 10, 21, 5)).toEqual([{ cluster: 'c', apiserver: '', start: 4, end: 20, open: false }])
    expect(findGaps(a([], { first_ever: 0, last_before: 3 }), 10, 30, 5)).toEqual([{ cluster: 'c', apiserver: '', start: 4, end: 30, open: true }])
  })
})

describe('coverage', () => {
  it('expects minutes from each source first minute on and subtracts gaps clipped to the window', () => {
    const s = summarizeCoverage([a([0, 1, 2, 3, 10, 11, 15]), a([], { cluster: 'late', first_ever: 100 }), a([8, 9], { cluster: 'd', first_ever: 8 })], 0, 16, 5)
    // c: 16 expected, 6 silent; d: 8 expected (8..15), silence 10..15 (6) open; late: none
    expect(s).toEqual({ expected_minutes: 24, covered_minutes: 12, gaps: [expect.objectContaining({ cluster: 'c', start: 4, end: 10 }), expect.objectContaining({ cluster: 'd', start: 10, end: 16, open: true })] })
    const clipped = summarizeCoverage([a([20], { first_ever: 0, last_before: 3 })], 10, 21, 5)
    expect(clipped).toMatchObject({ expected_minutes: 11, covered_minutes: 1 })
  })
})
