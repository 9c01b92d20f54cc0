import { act, cleanup, fireEvent, render } from '@testing-library/preact'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { Finding } from '../api/client'
import { SEVERITIES } from '../lib/severity'
import { FindingsTable } from './findings-table'

const NOW = Date.parse('2026-11-10T12:00:00Z')

function finding(i: number): Finding {
  return {
    finding_id: i.toString(16).padStart(32, '0'),
    rule_id: `rule.number-${i % 7}`,
    rule_version: '1',
    severity: SEVERITIES[i % SEVERITIES.length] as Finding['severity'],
    title: `Finding number ${i}`,
    cluster: i % 2 === 0 ? 'prod' : 'staging',
    audit_id: `audit-${i}`,
    stage: 'ResponseComplete',
    event_time: new Date(NOW - i * 60_000).toISOString(),
    user: `user-${i % 13}@example.com`,
    verb: 'get',
    resource: 'secrets',
    namespace: i % 3 === 0 ? '' : 'payments',
    name: `s-${i}`,
    reason: 'because',
    output: '',
    evidence: {},
    tags: [],
    controls: [],
  }
}

const MANY = Array.from({ length: 100_000 }, (_, i) => finding(i))
const ROW = 52

function renderTable(props: Partial<Parameters<typeof FindingsTable>[0]> = {}) {
  const onSort = vi.fn()
  const utils = render(<FindingsTable findings={MANY} sort={{ key: 'age', dir: 'asc' }} onSort={onSort} rowHeight={ROW} now={NOW} {...props} />)
  const body = utils.container.querySelector('.fbody') as HTMLDivElement
  const indexes = () => [...utils.container.querySelectorAll<HTMLElement>('.fbody [data-index]')].map((r) => Number(r.dataset['index']))
  return { ...utils, onSort, body, indexes }
}

afterEach(cleanup)

describe('FindingsTable', () => {
  it('puts only the rows in view in the DOM, out of 100,000', () => {
    const { container, indexes } = renderTable()
    const shown = indexes()
    expect(shown[0]).toBe(0)
    expect(shown.length).toBeGreaterThan(5)
    expect(shown.length).toBeLessThan(60)
    expect(container.querySelector('[role="table"]')?.getAttribute('aria-rowcount')).toBe('100001')
  })

  it('renders the rows at the scroll position, placed where they belong', async () => {
    const { body, indexes, container } = renderTable()
    await act(() => {
      body.scrollTop = 50_000 * ROW
      fireEvent.scroll(body)
    })
    const shown = indexes()
    expect(shown).toContain(50_000)
    expect(Math.min(...shown)).toBeGreaterThan(49_900)
    const row = container.querySelector<HTMLElement>('[data-index="50000"]')
    expect(row?.style.transform).toBe(`translateY(${50_000 * ROW}px)`)
    expect(row?.textContent).toContain('Finding number 50000')
    expect(container.querySelector<HTMLElement>('.fspacer')?.style.height).toBe(`${100_000 * ROW}px`)
  })

  it('says every severity in words, with a shape, never by colour alone', () => {
    const { container } = renderTable({ findings: MANY.slice(0, 5) })
    const badges = [...container.querySelectorAll('.c-sev .sev')].map((b) => b.textContent)
    expect(badges).toEqual(['◆critical', '▲high', '■medium', '●low', '○info'])
  })

  it('links each row to its finding and shows cluster, namespace, user and age', () => {
    const { container } = renderTable({ findings: [finding(3)] })
    const link = container.querySelector('.c-rule a')
    expect(link?.getAttribute('href')).toBe(`/findings/${finding(3).finding_id}`)
    expect(container.querySelector('.c-cluster')?.textContent).toBe('cluster staging')
    expect(container.querySelector('.c-ns')?.textContent).toBe('ns (cluster-wide)')
    expect(container.querySelector('.c-user')?.textContent).toBe('user-3@example.com')
    expect(container.querySelector('.c-age time')?.textContent).toBe('3m ago')
    expect(container.querySelector('.c-age time')?.getAttribute('title')).toMatch(/\(2026-11-10 11:57:00 UTC\)$/)
  })

  it('sorts through its column headers, and says which one sorts', () => {
    const { getByRole, onSort } = renderTable({ sort: { key: 'severity', dir: 'desc' } })
    fireEvent.click(getByRole('button', { name: /User/ }))
    expect(onSort).toHaveBeenCalledWith('user')
    expect(getByRole('columnheader', { name: /Severity/ }).getAttribute('aria-sort')).toBe('descending')
    expect(getByRole('columnheader', { name: /User/ }).getAttribute('aria-sort')).toBe('none')
  })

  it('moves focus between rows with the arrow keys and End', async () => {
    const { container, body } = renderTable()
    const first = container.querySelector<HTMLAnchorElement>('[data-index="0"] a') as HTMLAnchorElement
    first.focus()
    await act(() => {
      fireEvent.keyDown(first, { key: 'ArrowDown' })
    })
    expect(document.activeElement?.closest('[data-index]')?.getAttribute('data-index')).toBe('1')
    await act(() => {
      fireEvent.keyDown(document.activeElement as Element, { key: 'End' })
    })
    expect(body.scrollTop).toBeGreaterThan(99_000 * ROW)
    expect(document.activeElement?.closest('[data-index]')?.getAttribute('data-index')).toBe('99999')
  })

  it('asks for the next page only near the end of what is loaded', async () => {
    const onNearEnd = vi.fn()
    const { body } = renderTable({ findings: MANY.slice(0, 500), onNearEnd })
    expect(onNearEnd).not.toHaveBeenCalled()
    await act(() => {
      body.scrollTop = 480 * ROW
      fireEvent.scroll(body)
    })
    expect(onNearEnd).toHaveBeenCalled()
  })
})
