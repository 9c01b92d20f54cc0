import type { Notification } from '../api/ops-types'

const MARK: Record<Notification['state'], string> = { pending: '◌', delivered: '✓', dead: '✕', collapsed: '≡' }
const WORD: Record<Notification['state'], string> = { pending: 'pending', delivered: 'delivered', dead: 'dead letter', collapsed: 'collapsed into a backlog digest' }

/** A delivery state as a mark and a word, never colour alone. */
export function DeliveryState({ state }: { state: Notification['state'] }) {
  return (
    <span class={`delivery delivery-${state}`}>
      <span aria-hidden="true">{MARK[state]} </span>
      {WORD[state]}
    </span>
  )
}
