import { describe, expect, it } from 'vitest'
import { Actor, actorLabel } from './actor.js'

describe('Actor', () => {
  it('labels each kind of actor distinctly', () => {
    expect(actorLabel({ type: 'principal', name: 'alice', role: 'analyst' })).toBe('principal:alice')
    expect(actorLabel({ type: 'system', component: 'analyzer' })).toBe('system:analyzer')
    expect(actorLabel({ type: 'job', job: 'gap-check' })).toBe('job:gap-check')
  })

  it('refuses an actor without a name or with an unknown kind', () => {
    expect(Actor.safeParse({ type: 'principal', name: '', role: 'admin' }).success).toBe(false)
    expect(Actor.safeParse({ type: 'robot', name: 'x' }).success).toBe(false)
    expect(Actor.safeParse({ type: 'job', job: 'digest', extra: 1 }).success).toBe(false)
  })
})
