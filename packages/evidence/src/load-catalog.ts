import { resolve } from 'node:path'
import { loadControlSources, loadRuleset, parseControlCatalogs, ruleView, type CompileOptions, type Ruleset } from '@vigil/rules'
import { createEvidenceCatalog, type EvidenceCatalog } from './context.js'

/** The catalog view of an already loaded ruleset (what `vigil start` shares with its analyzer). */
export function evidenceCatalogOf(ruleset: Ruleset, controlsRulesDir: string, cwd: string): EvidenceCatalog {
  const catalogs = parseControlCatalogs(loadControlSources(resolve(cwd, controlsRulesDir), cwd))
  return createEvidenceCatalog({ catalogs, rules: ruleset.rules, sources: ruleset.sources, views: ruleset.rules.map(ruleView) })
}

/** Reads and compiles the rules and the control catalogs (`<controlsRulesDir>/controls/*.yaml`). The only I/O here. */
export function loadEvidenceCatalog(input: { rulesPaths: readonly string[]; controlsRulesDir: string; cwd: string; options?: CompileOptions }): EvidenceCatalog {
  return evidenceCatalogOf(loadRuleset(input.rulesPaths, input.cwd, input.options), input.controlsRulesDir, input.cwd)
}
