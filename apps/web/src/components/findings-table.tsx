import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks'
import type { Finding } from '../api/client'
import { SORT_KEYS, type SortKey, type SortState } from '../lib/sort-findings'
import { visibleRange } from '../lib/virtual'
import { Link } from './link'
import { SeverityBadge } from './severity-badge'
import { Time } from './time'

const LABEL: Record<SortKey, string> = { severity: 'Severity', rule: 'Rule', cluster: 'Cluster', namespace: 'Namespace', user: 'User', age: 'Age' }

export interface FindingsTableProps {
  findings: readonly Finding[]
  sort: SortState
  onSort: (key: SortKey) => void
  /** Called when the reader nears the last loaded row: time to fetch the next page. */
  onNearEnd?: () => void
  rowHeight: number
  now: number
  overscan?: number
}

/**
 * The findings list. Only the rows in view (and a few either side) are in
 * the DOM, so 100,000 findings scroll like 100. Arrow keys, Page Up/Down,
 * Home and End move between rows; each row's rule is a link to the finding.
 */
export function FindingsTable({ findings, sort, onSort, onNearEnd, rowHeight, now, overscan = 8 }: FindingsTableProps) {
  const body = useRef<HTMLDivElement>(null)
  const [scrollTop, setScrollTop] = useState(0)
  const [viewport, setViewport] = useState(600)
  const [focusIndex, setFocusIndex] = useState<number | undefined>(undefined)

  useLayoutEffect(() => {
    const el = body.current
    if (el === null) return
    const measure = () => setViewport(el.clientHeight || 600)
    measure()
    if (typeof ResizeObserver === 'undefined') return
    const ro = new ResizeObserver(measure)
    ro.observe(el)
    return () => ro.disconnect()
  }, [])

  const { start, end } = visibleRange(scrollTop, viewport, rowHeight, findings.length, overscan)

  useEffect(() => {
    if (onNearEnd !== undefined && findings.length > 0 && end >= findings.length - overscan * 4) onNearEnd()
  }, [end, findings.length, onNearEnd, overscan])

  useLayoutEffect(() => {
    if (focusIndex === undefined) return
    body.current?.querySelector<HTMLAnchorElement>(`[data-index="${focusIndex}"] a`)?.focus({ preventScroll: true })
  }, [focusIndex, start, end])

  const moveTo = (index: number) => {
    const el = body.current
    if (el === null || findings.length === 0) return
    const i = Math.max(0, Math.min(findings.length - 1, index))
    const top = i * rowHeight
    if (top < el.scrollTop) el.scrollTop = top
    else if (top + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = top + rowHeight - el.clientHeight
    setScrollTop(el.scrollTop)
    setFocusIndex(i)
    // A row already in the DOM takes focus now, before the next key press; others once rendered.
    el.querySelector<HTMLAnchorElement>(`[data-index="${i}"] a`)?.focus({ preventScroll: true })
  }

  const onKeyDown = (e: KeyboardEvent) => {
    const row = (e.target as HTMLElement).closest<HTMLElement>('[data-index]')
    const at = row === null ? -1 : Number(row.dataset['index'])
    const page = Math.max(1, Math.floor(viewport / rowHeight) - 1)
    const to: Record<string, number> = { ArrowDown: at + 1, ArrowUp: at - 1, PageDown: at + page, PageUp: at - page, Home: 0, End: findings.length - 1 }
    const target = to[e.key]
    if (target === undefined) return
    e.preventDefault()
    moveTo(target)
  }

  const rows = []
  for (let i = start; i < end; i++) {
    const f = findings[i] as Finding
    rows.push(
      <div role="row" class="frow" aria-rowindex={i + 2} data-index={i} key={f.finding_id} style={{ transform: `translateY(${i * rowHeight}px)`, height: `${rowHeight}px` }}>
        <div role="cell" class="c-sev">
          <SeverityBadge severity={f.severity} />
        </div>
        <div role="cell" class="c-rule">
          <Link href={`/findings/${f.finding_id}`} tabIndex={focusIndex === undefined ? 0 : focusIndex === i ? 0 : -1}>
            {f.title}
          </Link>
          <span class="muted mono">{f.rule_id}</span>
        </div>
        <div role="cell" class="c-cluster">
          <span class="label-sm">cluster </span>
          {f.cluster}
        </div>
        <div role="cell" class="c-ns">
          <span class="label-sm">ns </span>
          {f.namespace === '' ? <span class="muted">(cluster-wide)</span> : f.namespace}
        </div>
        <div role="cell" class="c-user" title={f.user}>
          {f.user}
        </div>
        <div role="cell" class="c-age">
          <Time iso={f.event_time} relative now={now} />
        </div>
      </div>,
    )
  }

  return (
    <div role="table" class="ftable" aria-label="Findings" aria-rowcount={findings.length + 1}>
      <div role="rowgroup" class="fhead">
        <div role="row" class="frow-head" aria-rowindex={1}>
          {SORT_KEYS.map((key) => (
            <div role="columnheader" class={`h-${key}`} key={key} aria-sort={sort.key === key ? (sort.dir === 'asc' ? 'ascending' : 'descending') : 'none'}>
              <button type="button" class="sort" onClick={() => onSort(key)}>
                {LABEL[key]}
                <span aria-hidden="true">{sort.key === key ? (sort.dir === 'asc' ? ' ↑' : ' ↓') : ''}</span>
              </button>
            </div>
          ))}
        </div>
      </div>
      <div
        role="rowgroup"
        class="fbody"
        ref={body}
        onScroll={(e) => setScrollTop((e.currentTarget as HTMLDivElement).scrollTop)}
        onKeyDown={onKeyDown}
      >
        <div role="presentation" class="fspacer" style={{ height: `${findings.length * rowHeight}px` }}>
          {rows}
        </div>
      </div>
    </div>
  )
}
