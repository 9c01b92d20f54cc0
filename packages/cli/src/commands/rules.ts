import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { BUILTIN_RULES_DIR } from '@vigil/analyzer'
import type { ServiceIo } from '@vigil/platform'
import { completeTestEvent, explainRule, lintRuleset, loadControlSources, loadRuleset, parseControlCatalogs, runRuleTests, type Ruleset } from '@vigil/rules'
import { parseOptions, UsageError, write, type Command } from '../command.js'

/** The rules under `paths`, or the shipped packs when none is given. */
function rulesetOf(paths: string[], io: ServiceIo): Ruleset {
  return loadRuleset(paths.length > 0 ? paths : [BUILTIN_RULES_DIR], io.cwd)
}

export const rulesTestCommand: Command = {
  path: ['rules', 'test'],
  summary: "run every rule's embedded tests",
  usage: 'vigil rules test [--rule ID] [PATH...]',
  help: `
Compiles the rules (default: the shipped packs) and runs each rule's
embedded tests with the analyzer's evaluator. Prints a pass/fail table.

Options:
  --rule ID    only this rule's tests
Exit status: 0 when all pass, 1 otherwise.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { rule: { type: 'string' } }, true)
    const ruleset = rulesetOf(positionals, io)
    const results = runRuleTests(ruleset, values.rule === undefined ? undefined : (id) => id === values.rule)
    const idWidth = Math.max(4, ...results.map((r) => r.rule_id.length))
    for (const r of results) write(io.stdout, `${r.passed ? 'PASS' : 'FAIL'}  ${r.rule_id.padEnd(idWidth)}  ${r.test}${r.passed ? '' : `\n      expected ${r.expected ? 'to fire' : 'no finding'}; ${r.detail}`}`)
    const failed = results.filter((r) => !r.passed).length
    write(io.stdout, `\n${results.length - failed} passed, ${failed} failed, ${results.length} tests over ${new Set(results.map((r) => r.rule_id)).size} rules`)
    return failed > 0 || results.length === 0 ? 1 : 0
  },
}

export const rulesExplainCommand: Command = {
  path: ['rules', 'explain'],
  summary: 'show why a rule matches an event, or which clause fails',
  usage: 'vigil rules explain [--rules PATH]... [--cluster NAME] <rule-id> <event.json>',
  help: `
Evaluates one rule against one audit event (a JSON file holding an Event)
and prints each step: the match prefilter, each top-level && clause of the
condition, and the exceptions.

Exit status: 0 when the rule matches, 1 when it does not, 2 on bad input.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { rules: { type: 'string', multiple: true }, cluster: { type: 'string' } }, true)
    if (positionals.length !== 2) throw new UsageError('give a rule id and an event file')
    const [ruleId, file] = positionals as [string, string]
    const ruleset = rulesetOf(values.rules ?? [], io)
    let raw: unknown
    try {
      raw = JSON.parse(readFileSync(resolve(io.cwd, file), 'utf8'))
    } catch (err) {
      write(io.stderr, `vigil rules explain: ${file}: ${(err as Error).message}`)
      return 2
    }
    const { event, error } = completeTestEvent(raw as Record<string, unknown>)
    if (event === undefined) {
      write(io.stderr, `vigil rules explain: ${file}: not an audit event: ${error}`)
      return 2
    }
    const explanation = explainRule(ruleset, ruleId, event, values.cluster ?? 'offline')
    if (explanation === undefined) {
      write(io.stderr, `vigil rules explain: no rule ${ruleId}`)
      return 2
    }
    write(io.stdout, `rule ${ruleId} ${explanation.matched ? 'MATCHES' : 'does not match'} event ${event.auditID} (${event.stage})\n`)
    for (const s of explanation.steps) write(io.stdout, `  ${s.ok ? 'ok  ' : 'FAIL'}  ${s.step}\n        ${s.detail}`)
    write(io.stdout, `\nreason: ${explanation.reason}`)
    if (Object.keys(explanation.evidence).length > 0) write(io.stdout, `evidence: ${JSON.stringify(explanation.evidence)}`)
    return explanation.matched ? 0 : 1
  },
}

export const rulesLintCommand: Command = {
  path: ['rules', 'lint'],
  summary: 'check control references, examples and ids',
  usage: 'vigil rules lint [--controls DIR] [PATH...]',
  help: `
Compiles the rules (which refuses duplicate ids and any CEL, schema or list
error) and then checks that:
  - every control reference resolves to an entry in the control catalogs
    (rules/controls/{soc2,hipaa,gdpr}.yaml, or --controls DIR);
  - every rule has at least one firing and one non-firing example;
  - threshold rules have a firing example that is a sequence of events.

Exit status: 0 when clean, 1 otherwise.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { controls: { type: 'string' } }, true)
    const ruleset = rulesetOf(positionals, io)
    const controlsDir = values.controls === undefined ? BUILTIN_RULES_DIR : resolve(io.cwd, values.controls, '..')
    const catalogs = parseControlCatalogs(loadControlSources(controlsDir, io.cwd))
    const problems = lintRuleset(ruleset, catalogs)
    for (const p of problems) write(io.stderr, `${p.source}: rule ${p.rule_id}: ${p.problem}`)
    const refs = ruleset.rules.reduce((n, r) => n + r.controls.length, 0)
    write(io.stdout, `${ruleset.rules.length} rules, ${refs} control references into ${catalogs.map((c) => `${c.framework} (${c.controls.length})`).join(', ')}: ${problems.length} problem(s)`)
    return problems.length > 0 ? 1 : 0
  },
}
