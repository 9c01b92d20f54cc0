import { describe, expect, it } from 'vitest'
import { applyConfigLists } from './config-lists.js'

describe('applyConfigLists', () => {
  it('replaces or appends to lists the files define', () => {
    const lists = new Map([['a', ['1']], ['b', ['2']]])
    const problems: string[] = []
    applyConfigLists(lists, [{ name: 'a', items: ['x'] }, { name: 'b', items: ['y'], append: true }], problems)
    expect(problems).toEqual([])
    expect(Object.fromEntries(lists)).toEqual({ a: ['x'], b: ['2', 'y'] })
  })

  it('refuses a list no file defines, suggesting the nearest name, and an invalid name', () => {
    const lists = new Map([['trusted_users', ['1']]])
    const problems: string[] = []
    applyConfigLists(lists, [{ name: 'trusted_user', items: [] }, { name: 'zzz', items: [] }, { name: 'Bad-Name', items: [] }], problems)
    expect(problems).toEqual([
      'config lists.trusted_user: no rule file defines this list; did you mean trusted_users?',
      'config lists.zzz: no rule file defines this list',
      'config lists.Bad-Name: expected snake_case',
    ])
    expect(Object.fromEntries(lists)).toEqual({ trusted_users: ['1'] })
  })
})
