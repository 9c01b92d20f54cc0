import type { ControlSummary, Framework } from '../api/evidence-types'
import { frameworkName, STATUS } from '../lib/compliance'
import { onLinkClick } from '../lib/router'

export interface HeatMapRow {
  framework: Framework
  controls: readonly ControlSummary[]
}

const fmt = (n: number) => n.toLocaleString('en')

/** How many tiles sit on the first row of a grid, as laid out; the step for ↑ and ↓. */
function columnsOf(tiles: HTMLElement[]): number {
  const top = tiles[0]?.offsetTop ?? 0
  const n = tiles.filter((t) => t.offsetTop === top).length
  return n === tiles.length && tiles.length > 0 && tiles.every((t) => t.offsetTop === 0 && t.offsetLeft === 0) ? 1 : Math.max(1, n)
}

/** Arrow keys, Home and End move between the tiles of one framework; Tab leaves the grid. */
function onGridKey(event: KeyboardEvent): void {
  const from = (event.target as HTMLElement).closest<HTMLElement>('[data-tile]')
  const grid = from?.closest('ol')
  if (from === null || from === undefined || grid === null || grid === undefined) return
  const tiles = [...grid.querySelectorAll<HTMLElement>('[data-tile]')]
  const i = tiles.indexOf(from)
  const cols = columnsOf(tiles)
  const target: Record<string, number> = { ArrowRight: i + 1, ArrowLeft: i - 1, ArrowDown: i + cols, ArrowUp: i - cols, Home: 0, End: tiles.length - 1 }
  const to = target[event.key]
  if (to === undefined) return
  event.preventDefault()
  tiles[Math.min(tiles.length - 1, Math.max(0, to))]?.focus()
}

function tileLabel(c: ControlSummary): string {
  const parts = [`${c.id} ${c.title}`, STATUS[c.status].label]
  if (c.population_rows !== null) parts.push(`${fmt(c.population_rows)} population events`)
  parts.push(`${fmt(c.exceptions)} exceptions, ${fmt(c.open)} open${c.over_sla > 0 ? `, ${fmt(c.over_sla)} over SLA` : ''}`)
  parts.push(`coverage ${c.coverage_pct}%`)
  return parts.join('; ')
}

/**
 * The framework × control heat map: one tile per control, its status as a
 * colour, a mark and a word, and its counts. Each tile links to the control's
 * report for the same period and scope.
 */
export function HeatMap({ rows, hrefOf }: { rows: readonly HeatMapRow[]; hrefOf: (framework: Framework, control: string) => string }) {
  return (
    <div class="heat-map">
      {rows.map((row) => (
        <section key={row.framework} class="heat-framework" aria-labelledby={`hm-${row.framework}`}>
          <h2 id={`hm-${row.framework}`}>
            {frameworkName(row.framework)} <span class="muted">({row.controls.length} controls)</span>
          </h2>
          {row.controls.length === 0 ? (
            <p class="muted">No controls in this catalog.</p>
          ) : (
            <ol class="heat-grid" onKeyDown={onGridKey}>
              {row.controls.map((c) => (
                <li key={c.id}>
                  <a href={hrefOf(row.framework, c.id)} class={`tile st-${c.status}`} title={tileLabel(c)} data-tile="" onClick={onLinkClick}>
                    <span class="tile-id">{c.id}</span>
                    <span class="tile-status">
                      <span aria-hidden="true" class="st-mark">
                        {STATUS[c.status].mark}
                      </span>{' '}
                      {STATUS[c.status].label}
                    </span>
                    <span class="tile-title">{c.title}</span>
                    <span class="tile-counts">
                      {c.population_rows === null ? null : <span>{fmt(c.population_rows)} events</span>}
                      <span>
                        {fmt(c.exceptions)} exceptions{c.open > 0 ? ` (${fmt(c.open)} open)` : ''}
                      </span>
                      <span>{c.coverage_pct}% covered</span>
                    </span>
                  </a>
                </li>
              ))}
            </ol>
          )}
        </section>
      ))}
    </div>
  )
}

/** The statuses with their marks and words, so the colours need no key to be read. */
export function StatusLegend() {
  return (
    <ul class="status-legend" aria-label="Statuses">
      {(Object.keys(STATUS) as (keyof typeof STATUS)[]).map((s) => (
        <li key={s} class={`st-${s}`}>
          <span aria-hidden="true" class="st-mark">
            {STATUS[s].mark}
          </span>{' '}
          {STATUS[s].label}
        </li>
      ))}
    </ul>
  )
}
