/**
 * One remembered member of one threshold window: what the rule engine's
 * tracker emits and loads, and what the store keeps in rule_state_v1, so
 * windows survive restarts and rebalances (ADR 0003).
 */
export interface ThresholdStateRow {
  rule_id: string
  rule_version: number
  cluster: string
  state_key: string
  /** Epoch ms. */
  window_start: number
  member: string
}
