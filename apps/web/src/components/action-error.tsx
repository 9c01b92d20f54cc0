import { ApiFailure } from '../api/client'

/** Why an action the reader just took was refused, in the API's words, next to the button. */
export function ActionError({ error, role }: { error: unknown; role: string }) {
  if (error === undefined) return null
  const f = error instanceof ApiFailure ? error : undefined
  let text: string
  if (f?.kind === 'forbidden') text = `Your role (${role}) cannot do this: ${f.message}.`
  else if (f?.kind === 'network') text = 'The vigil API did not answer; nothing was recorded. Try again.'
  else text = `${f?.message ?? String(error)}${f?.code === undefined ? '' : ` (${f.code})`}`
  return (
    <p class="action-error" role="alert">
      <span aria-hidden="true">✕ </span>
      {text}
    </p>
  )
}
