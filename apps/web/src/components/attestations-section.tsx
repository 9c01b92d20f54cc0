import { useState } from 'preact/hooks'
import type { Attestation, EvidenceReport } from '../api/evidence-types'
import { ROUTE_ROLES } from '../api/roles'
import { periodLabel, type PeriodInput } from '../lib/compliance'
import { may, useSession } from '../lib/session'
import { FailureView } from './failure-view'
import { Time } from './time'

/**
 * The reviewers' sign-offs for the period, and, for the roles that may sign,
 * a form to sign this period's attestation (POST /v1/attestations).
 */
export function AttestationsSection({ report, period, clusters, onSigned }: { report: EvidenceReport; period: PeriodInput; clusters: readonly string[]; onSigned: () => void }) {
  const session = useSession()
  const n = report.exceptions.total
  const [statement, setStatement] = useState(`I reviewed the ${n} exception finding${n === 1 ? '' : 's'} of ${report.framework.toUpperCase()} ${report.control.id} for ${periodLabel(period)}.`)
  const [state, setState] = useState<{ busy?: boolean; signed?: Attestation; error?: unknown }>({})
  const sign = async (event: Event) => {
    event.preventDefault()
    setState({ busy: true })
    try {
      const signed = await session.call((api) => api.POST('/v1/attestations', { body: { framework: report.framework, control: report.control.id, start: period.start, end: period.end, statement, ...(clusters.length > 0 ? { clusters: [...clusters] } : {}) } }))
      setState({ signed })
      onSigned()
    } catch (error) {
      setState({ error })
    }
  }
  return (
    <section aria-labelledby="att-h">
      <h2 id="att-h">Attestations</h2>
      {report.attestations.length === 0 ? (
        <p class="muted">Nobody has signed this period's review yet.</p>
      ) : (
        <ul class="attestations">
          {report.attestations.map((a) => (
            <li key={a.id} class="card">
              <p>“{a.statement}”</p>
              <p class="muted">
                {a.reviewer} ({a.role}), <Time iso={a.at} />; {a.finding_count} findings when signed.
              </p>
            </li>
          ))}
        </ul>
      )}
      {state.signed === undefined ? null : (
        <p class="card drawn" role="status">
          Signed by {state.signed.reviewer} at <Time iso={state.signed.at} />: {state.signed.finding_count} exception findings were counted.
        </p>
      )}
      {may(session.who.role, 'createAttestation') ? (
        <form class="inline-form card" onSubmit={sign} aria-labelledby="sign-h">
          <h3 id="sign-h">Sign the attestation for {periodLabel(period)}</h3>
          <label class="wide">
            Statement
            <textarea required rows={3} maxLength={8000} value={statement} onInput={(e) => setStatement((e.target as HTMLTextAreaElement).value)} />
          </label>
          <button type="submit" disabled={state.busy === true || statement.trim() === ''}>
            Sign as {session.who.name}
          </button>
        </form>
      ) : (
        <p class="notice">Your role ({session.who.role}) cannot sign attestations: that needs the role {ROUTE_ROLES.createAttestation.join(' or ')}.</p>
      )}
      {state.error !== undefined ? <FailureView error={state.error} what="sign the attestation" role={session.who.role} /> : null}
    </section>
  )
}
