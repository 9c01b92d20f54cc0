import { describe, expect, it } from 'vitest'
import type { AuditEvent } from '@vigil/core'
import { eventsUnder, isLongRunning, requestStages, STAGE_SETS } from './stage-matrix.js'

const complete: AuditEvent = {
  auditID: 'a',
  stage: 'ResponseComplete',
  level: 'RequestResponse',
  requestURI: '/api/v1/namespaces/n/pods',
  verb: 'create',
  user: { username: 'u' },
  impersonatedUser: { username: 'v' },
  sourceIPs: ['203.0.113.9'],
  userAgent: 'kubectl',
  objectRef: { resource: 'pods', namespace: 'n' },
  responseStatus: { code: 201 },
  annotations: { 'authorization.k8s.io/decision': 'allow' },
  requestObject: { kind: 'Pod' },
  responseObject: { kind: 'Pod' },
  requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
  stageTimestamp: '2026-01-01T00:00:00.200000Z',
}

describe('requestStages', () => {
  it('gives RequestReceived (who asked for what only) and ResponseComplete for a short request', () => {
    const [received, done, ...rest] = requestStages(complete)
    expect(rest).toEqual([])
    expect(received).toEqual({
      auditID: 'a',
      stage: 'RequestReceived',
      level: 'RequestResponse',
      requestURI: '/api/v1/namespaces/n/pods',
      verb: 'create',
      user: { username: 'u' },
      sourceIPs: ['203.0.113.9'],
      userAgent: 'kubectl',
      objectRef: { resource: 'pods', namespace: 'n' },
      requestReceivedTimestamp: '2026-01-01T00:00:00.000000Z',
      stageTimestamp: '2026-01-01T00:00:00.000000Z',
    })
    expect(done).toEqual(complete)
  })

  it('adds ResponseStarted, without the response body, for watches and streams', () => {
    const exec = { ...complete, stage: 'ResponseStarted' as const, objectRef: { resource: 'pods', subresource: 'exec' }, responseStatus: { code: 101 } }
    expect(isLongRunning(exec)).toBe(true)
    expect(isLongRunning({ ...complete, verb: 'watch' })).toBe(true)
    expect(isLongRunning(complete)).toBe(false)
    const stages = requestStages(exec)
    expect(stages.map((e) => e.stage)).toEqual(['RequestReceived', 'ResponseStarted', 'ResponseComplete'])
    expect(stages[1]?.responseObject).toBeUndefined()
    expect(stages[1]?.responseStatus).toEqual({ code: 101 })
    expect(stages[2]?.responseObject).toEqual({ kind: 'Pod' })
  })

  it('eventsUnder keeps the stages of a set', () => {
    expect(eventsUnder(complete, STAGE_SETS['omit-request-received']).map((e) => e.stage)).toEqual(['ResponseComplete'])
    expect(eventsUnder(complete, STAGE_SETS.all).map((e) => e.stage)).toEqual(['RequestReceived', 'ResponseComplete'])
  })
})
