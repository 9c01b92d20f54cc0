import type { DeadLetter } from '@vigil/core'
import type { StoreOps } from '../store-ops.js'
import { DEAD_LETTERS_TABLE, insertDeadLetters, listDeadLetters, type DeadLetterQuery, type DeadLetterRow } from '../tables/dead-letters.js'

/** Payloads that could not be read as audit events, with the reason. */
export interface DeadLetterStore {
  write(letters: readonly DeadLetter[]): Promise<void>
  list(q: DeadLetterQuery): Promise<DeadLetterRow[]>
}

export function createDeadLetterStore(ops: StoreOps): DeadLetterStore {
  const { client } = ops
  return {
    write: (letters) => ops.write(DEAD_LETTERS_TABLE, 'writing dead letters', () => insertDeadLetters(client, letters)),
    list: (q) => ops.read('listing dead letters', () => listDeadLetters(client, q)),
  }
}
