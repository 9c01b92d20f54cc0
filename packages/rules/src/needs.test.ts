import { describe, expect, it } from 'vitest'
import { ruleNeeds } from './needs.js'

describe('ruleNeeds', () => {
  it('judges a rule over request fields at every stage and Metadata level', () => {
    expect(ruleNeeds(['verb', 'user', 'objectRef', 'requestURI', 'sourceIPs', 'userAgent', 'lists'], {})).toEqual({
      stages: ['RequestReceived', 'ResponseStarted', 'ResponseComplete', 'Panic'],
      level: 'Metadata',
      because: [],
    })
  })

  it('needs a stage after authorization for the response code, annotations, impersonation or the whole event', () => {
    const cases: [string[], Parameters<typeof ruleNeeds>[1], string[]][] = [
      [['responseStatus'], {}, ['responseStatus']],
      [[], { response_codes: ['2xx'] }, ['responseStatus']],
      [['annotations'], {}, ['annotations']],
      [[], { annotations: ['a/b'] }, ['annotations']],
      [[], { impersonated: true }, ['impersonatedUser']],
      [['event'], {}, ['event']],
    ]
    for (const [roots, match, because] of cases) {
      expect(ruleNeeds(roots, match)).toEqual({ stages: ['ResponseStarted', 'ResponseComplete', 'Panic'], level: 'Metadata', because })
    }
  })

  it('needs Request level for the request body and RequestResponse at ResponseComplete for the response body', () => {
    expect(ruleNeeds(['requestObject', 'verb'], {})).toEqual({ stages: ['ResponseStarted', 'ResponseComplete', 'Panic'], level: 'Request', because: ['requestObject'] })
    expect(ruleNeeds(['responseObject', 'requestObject'], { response_codes: [200] })).toEqual({
      stages: ['ResponseComplete', 'Panic'],
      level: 'RequestResponse',
      because: ['requestObject', 'responseObject', 'responseStatus'],
    })
  })
})
