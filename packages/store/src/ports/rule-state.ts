import type { ThresholdStateRow } from '@vigil/core'
import type { StoreOps } from '../store-ops.js'
import { insertRuleState, loadRuleState, RULE_STATE_TABLE } from '../tables/rule-state.js'

/** Threshold-window members of stateful rules, written with each batch. */
export interface RuleStateStore {
  write(rows: readonly ThresholdStateRow[]): Promise<void>
  /** Members whose window started at or after `sinceMs`. */
  load(sinceMs: number): Promise<ThresholdStateRow[]>
}

export function createRuleStateStore(ops: StoreOps): RuleStateStore {
  const { client } = ops
  return {
    write: (rows) => ops.write(RULE_STATE_TABLE, 'writing rule state', () => insertRuleState(client, rows)),
    load: (since) => ops.read('loading rule state', () => loadRuleState(client, since)),
  }
}
