import { AppError } from '@vigil/core'
import type { PopulationRow, Store } from '@vigil/store'
import type { Principal } from '../../principals.js'
import { assertInScope } from '../../evidence-input.js'

/** A recorded population run the caller may see, or not_found / forbidden. */
export async function recordedPopulation(store: Pick<Store, 'populations'>, principal: Principal, id: string): Promise<PopulationRow> {
  const run = await store.populations.get(id)
  if (run === undefined) throw new AppError('not_found', `no population ${id}; run one with GET /v1/populations`)
  assertInScope(principal, run.clusters, `population ${id}`)
  return run
}
