import { ApiFailure } from '../api/client'

const ROLE_HINT = 'Ask an administrator for a token with a role that allows it.'

/**
 * An error the reader can act on: what failed, why, and what to do next.
 * Never a blank page; a 401 never gets here (the session returns to login).
 */
export function FailureView({ error, what, role, onRetry }: { error: unknown; what: string; role?: string; onRetry?: () => void }) {
  const failure = error instanceof ApiFailure ? error : new ApiFailure('server', error instanceof Error ? error.message : String(error), undefined, undefined)
  let title: string
  let detail: string
  switch (failure.kind) {
    case 'forbidden':
      title = `Your role${role === undefined ? '' : ` (${role})`} cannot ${what}`
      detail = `${failure.message}. ${ROLE_HINT}`
      break
    case 'network':
      title = `Could not ${what}: the vigil API did not answer`
      detail = 'Check that vigil is running and reachable, then retry.'
      break
    case 'unavailable':
      title = `Could not ${what}: vigil is busy or its store is unavailable`
      detail = failure.message
      break
    case 'not_found':
      title = 'Not found'
      detail = failure.message
      break
    default:
      title = `Could not ${what}`
      detail = `${failure.message}${failure.code === undefined ? '' : ` (${failure.code})`}`
  }
  return (
    <div class="failure" role="alert">
      <h2>{title}</h2>
      <p>{detail}</p>
      {onRetry !== undefined && failure.kind !== 'forbidden' && failure.kind !== 'not_found' ? (
        <button type="button" onClick={onRetry}>
          Retry
        </button>
      ) : null}
    </div>
  )
}
