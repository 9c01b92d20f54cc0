import { useState } from 'preact/hooks'
import type { EvidenceReport, Sample } from '../api/evidence-types'
import type { PeriodInput } from '../lib/compliance'
import { useSession } from '../lib/session'
import { FailureView } from './failure-view'
import { Time } from './time'

/**
 * The samples drawn from this control's population, and a form to draw one:
 * the console records the population run (GET /v1/populations), then draws
 * from it with the seed the auditor chose (POST /v1/samples), reproducibly.
 */
export function SamplesSection({ report, period, clusters, onDrawn }: { report: EvidenceReport; period: PeriodInput; clusters: readonly string[]; onDrawn: () => void }) {
  const session = useSession()
  const [seed, setSeed] = useState('')
  const [size, setSize] = useState('')
  const [state, setState] = useState<{ busy?: boolean; drawn?: Sample; error?: unknown }>({})
  const rows = report.populations[0]?.row_count ?? 0
  const draw = async (event: Event) => {
    event.preventDefault()
    setState({ busy: true })
    try {
      const population = await session.call((api) =>
        api.GET('/v1/populations', { params: { query: { framework: report.framework, control: report.control.id, start: period.start, end: period.end, ...(period.asOf === undefined ? {} : { as_of: period.asOf }), ...(clusters.length > 0 ? { cluster: [...clusters] } : {}) } } }),
      )
      const drawn = await session.call((api) => api.POST('/v1/samples', { body: { population_id: population.id, seed: seed.trim(), ...(size === '' ? {} : { size: Number(size) }) } }))
      setState({ drawn })
      onDrawn()
    } catch (error) {
      setState({ error })
    }
  }
  return (
    <section aria-labelledby="smp-h">
      <h2 id="smp-h">Samples</h2>
      {report.samples.length === 0 ? (
        <p class="muted">No sample has been drawn from this population for the period.</p>
      ) : (
        <div class="table-wrap" tabIndex={0} role="region" aria-label="Samples drawn">
          <table>
            <caption class="sr-only">Samples drawn</caption>
            <thead>
              <tr>
                <th scope="col">Sample</th>
                <th scope="col">Method</th>
                <th scope="col">Size</th>
                <th scope="col">Drawn by</th>
                <th scope="col">When</th>
              </tr>
            </thead>
            <tbody>
              {report.samples.map((s) => (
                <tr key={s.id}>
                  <td class="mono">{s.id}</td>
                  <td>{s.method === 'seeded_random' ? `seeded random (seed "${s.seed ?? ''}")` : 'chosen by the auditor'}</td>
                  <td>{s.size}</td>
                  <td>{s.drawn_by}</td>
                  <td>
                    <Time iso={s.drawn_at} />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {rows === 0 ? (
        <p class="muted">The population is empty: there is nothing to sample.</p>
      ) : (
        <form class="inline-form card" onSubmit={draw} aria-labelledby="draw-h">
          <h3 id="draw-h">Draw a sample</h3>
          <p class="muted">The same seed over the same population always selects the same events (sha256-rank). Leave the size empty for the suggested size.</p>
          <label>
            Seed
            <input type="text" required value={seed} maxLength={256} onInput={(e) => setSeed((e.target as HTMLInputElement).value)} />
          </label>
          <label>
            Size (of {rows.toLocaleString('en')})
            <input type="number" min={1} max={Math.min(rows, 10_000)} value={size} onInput={(e) => setSize((e.target as HTMLInputElement).value)} />
          </label>
          <button type="submit" disabled={state.busy === true || seed.trim() === ''}>
            Draw
          </button>
        </form>
      )}
      {state.error !== undefined ? <FailureView error={state.error} what="draw a sample" role={session.who.role} /> : null}
      {state.drawn === undefined ? null : (
        <div class="card drawn" role="status">
          <p>
            Drew <span class="mono">{state.drawn.sample_id}</span>: {state.drawn.size} of {state.drawn.population.row_count.toLocaleString('en')} events ({state.drawn.size_basis}).
          </p>
          <details>
            <summary>The selected events</summary>
            <ul class="mono selected">
              {state.drawn.selected.map((s) => (
                <li key={s.row_key}>{s.row_key}</li>
              ))}
            </ul>
          </details>
        </div>
      )}
    </section>
  )
}
