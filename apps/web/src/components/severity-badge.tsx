import type { Severity } from '../api/client'
import { SEVERITY_MARK } from '../lib/severity'

/** Severity as a shape, a word and a colour: readable without the colour. */
export function SeverityBadge({ severity }: { severity: Severity }) {
  return (
    <span class={`sev sev-${severity}`}>
      <span aria-hidden="true" class="sev-mark">
        {SEVERITY_MARK[severity]}
      </span>
      {severity}
    </span>
  )
}
