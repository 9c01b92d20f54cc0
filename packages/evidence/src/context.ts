import { createHash } from 'node:crypto'
import { z } from 'zod'
import { AppError, type ControlRef } from '@vigil/core'
import type { ControlCatalog, RuleSource } from '@vigil/rules'
import type { Framework } from './report.js'
import { SlaHours } from './sla.js'
import { didYouMean } from './suggest.js'

/** The evidence settings (config section `evidence`). */
export const EvidenceConfig = z.strictObject({
  /** Resolution deadlines per severity, in hours; null for none. */
  sla_hours: SlaHours.prefault({}),
  /** A run of at least this many minutes without events from a cluster that normally sends is a gap. */
  gap_threshold_minutes: z.number().int().positive().default(5),
  /** Below this coverage (percent of expected minutes), a report says insufficient_evidence. */
  min_coverage_pct: z.number().min(0).max(100).default(99),
  /** The longest period a report or population may span, in days. */
  max_period_days: z.number().int().positive().default(400),
  /** How far back the live gap check looks each minute, in minutes. */
  gap_check_lookback_minutes: z.number().int().positive().default(1440),
})
export type EvidenceConfig = z.infer<typeof EvidenceConfig>

/** One control as the report needs it, with the rules that evidence it. */
export interface ControlInfo {
  framework: Framework
  id: string
  title: string
  summary: string
  population_rules: string[]
  exception_rules: string[]
  /** Populations from vigil's own records the control cites besides its rules' events (catalog `system_populations`). */
  system_populations: 'access_log'[]
}

/** Everything about the rule packs and catalogs a report states or relies on. */
export interface EvidenceCatalog {
  frameworks: readonly Framework[]
  catalogVersion(framework: Framework): string
  /** SHA-256 over the rule files loaded, in load order (path, NUL, text, NUL for each). */
  rulePackVersion: string
  control(framework: string, id: string): ControlInfo
  controls(framework: string): ControlInfo[]
}

export function rulePackVersion(sources: readonly RuleSource[]): string {
  const h = createHash('sha256')
  for (const s of sources) h.update(s.file).update('\0').update(s.text).update('\0')
  return h.digest('hex')
}

/** Builds the catalog view from the loaded catalogs and the enabled rules' control refs. */
export function createEvidenceCatalog(input: { catalogs: readonly ControlCatalog[]; rules: readonly { id: string; enabled: boolean; controls: readonly ControlRef[] }[]; sources: readonly RuleSource[] }): EvidenceCatalog {
  const byFramework = new Map<string, { catalog: ControlCatalog; controls: Map<string, ControlInfo> }>()
  for (const catalog of input.catalogs) {
    const controls = new Map<string, ControlInfo>()
    for (const c of catalog.controls) controls.set(c.id, { framework: catalog.framework, id: c.id, title: c.title, summary: c.summary, population_rules: [], exception_rules: [], system_populations: [...(c.system_populations ?? [])] })
    byFramework.set(catalog.framework, { catalog, controls })
  }
  for (const r of input.rules) {
    if (!r.enabled) continue
    for (const ref of r.controls) {
      const info = byFramework.get(ref.framework)?.controls.get(ref.id)
      if (info === undefined) continue
      if (ref.role === 'population' && !info.population_rules.includes(r.id)) info.population_rules.push(r.id)
      if (ref.role === 'exception' && !info.exception_rules.includes(r.id)) info.exception_rules.push(r.id)
    }
  }
  for (const f of byFramework.values()) for (const c of f.controls.values()) (c.population_rules.sort(), c.exception_rules.sort())
  const frameworks = [...byFramework.keys()].sort() as Framework[]
  const frameworkOf = (name: string) => {
    const f = byFramework.get(name)
    if (f === undefined) throw new AppError('unknown_framework', `no control catalog for framework "${name}"; known: ${frameworks.join(', ')}${didYouMean(name, frameworks)}`)
    return f
  }
  return {
    frameworks,
    rulePackVersion: rulePackVersion(input.sources),
    catalogVersion: (framework) => frameworkOf(framework).catalog.version,
    control(framework, id) {
      const f = frameworkOf(framework)
      const info = f.controls.get(id)
      if (info === undefined) throw new AppError('unknown_control', `${framework} has no control "${id}"${didYouMean(id, [...f.controls.keys()])}`)
      return info
    },
    controls: (framework) => [...frameworkOf(framework).controls.values()],
  }
}
