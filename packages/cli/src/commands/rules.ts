import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { BUILTIN_RULES_DIR } from '@vigil/analyzer'
import type { ServiceIo } from '@vigil/platform'
import { completeTestEvent, explainRule, lintRuleset, loadControlSources, loadRuleset, parseAuditPolicy, parseControlCatalogs, policyCoverage, runRuleTests, type AuditPolicy, type Ruleset } from '@vigil/rules'
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

export const rulesCoverageCommand: Command = {
  path: ['rules', 'coverage'],
  summary: 'which rules an apiserver audit policy blinds or degrades',
  usage: 'vigil rules coverage --policy FILE [--json] [--all] [--strict] [PATH...]',
  help: `
Reads a kube-apiserver audit policy (the --audit-policy-file, audit.k8s.io/v1
kind Policy) and, for every enabled rule (default: the shipped packs), works
out which of the requests the rule reads the policy logs, at what level and
at which stages, the way the apiserver does: the first policy rule that
matches a request sets its level; omitStages drop stages. What a rule needs
is derived from the fields it reads (the same needs as docs/detections.md).

A rule is
  covered   every request it reads arrives with the level and a stage it needs;
  degraded  some do not: they are not logged, carry no body, lack a stage, are
            hidden for some users, groups, namespaces or object names by a
            narrower policy rule, or are judged by the rule's
            metadata_condition (a weaker fallback);
  blind     none does: the rule can never fire under this policy.
For each rule that is not covered it prints the policy lines that would
cover it, and where they go (policy rules are numbered from 0). Policy rules
restricted to some users or namespaces only degrade rules that name their
resources; rules that read any resource are judged by the policy rules that
apply to all of their requests.

Options:
  --policy FILE  the audit policy (YAML)
  --json         print the report as JSON: {policy, summary, rules[]}
  --all          list covered rules too (default: only degraded and blind)
  --strict       exit 1 when a rule is degraded, too

Exit status: 0 when no enabled rule is blind (with --strict: every rule is
covered), 1 otherwise, 2 when the policy or the rules cannot be read.`,
  async run(args, io) {
    const { values, positionals } = parseOptions(args, { policy: { type: 'string' }, json: { type: 'boolean' }, all: { type: 'boolean' }, strict: { type: 'boolean' } }, true)
    if (values.policy === undefined) throw new UsageError('--policy FILE is required')
    let policy: AuditPolicy
    try {
      let text: string
      try {
        text = readFileSync(resolve(io.cwd, values.policy), 'utf8')
      } catch (err) {
        throw new Error(`${values.policy}: ${(err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message}`)
      }
      policy = parseAuditPolicy(text, values.policy)
    } catch (err) {
      write(io.stderr, `vigil rules coverage: ${(err as Error).message}`)
      return 2
    }
    const report = policyCoverage(rulesetOf(positionals, io), policy)
    const failed = report.summary.blind > 0 || (values.strict === true && report.summary.degraded > 0)
    if (values.json === true) {
      write(io.stdout, JSON.stringify({ policy: values.policy, summary: report.summary, rules: values.all === true ? report.rules : report.rules.filter((r) => r.status !== 'covered') }, null, 2))
      return failed ? 1 : 0
    }
    const shown = report.rules.filter((r) => values.all === true || r.status !== 'covered')
    const idWidth = Math.max(4, ...shown.map((r) => r.rule_id.length))
    if (shown.length > 0) write(io.stdout, `${'RULE'.padEnd(idWidth)}  STATUS    LEVEL            FROM STAGE        GAPS`)
    for (const r of shown) {
      const gaps = r.gaps.filter((g, i, all) => all.findIndex((o) => o.detail === g.detail) === i)
      const first = gaps[0]
      write(io.stdout, `${r.rule_id.padEnd(idWidth)}  ${r.status.padEnd(8)}  ${r.needs.level.padEnd(15)}  ${(r.needs.stages[0] ?? '').padEnd(16)}  ${first === undefined ? '' : `${first.request}: ${first.detail}`}`)
      for (const g of gaps.slice(1, 4)) write(io.stdout, `${''.padEnd(idWidth + 46)}  ${g.request}: ${g.detail}`)
      if (gaps.length > 4) write(io.stdout, `${''.padEnd(idWidth + 46)}  … ${gaps.length - 4} more (--json lists them)`)
    }
    const suggestions = shown.filter((r) => r.suggestion !== undefined)
    if (suggestions.length > 0) {
      write(io.stdout, '\nSuggested policy lines:')
      for (const r of suggestions) write(io.stdout, `\n# ${r.rule_id} (${r.status})\n${r.suggestion}`)
    }
    const s = report.summary
    write(io.stdout, `\n${values.policy}: ${s.covered} covered, ${s.degraded} degraded, ${s.blind} blind, of ${s.covered + s.degraded + s.blind} enabled rules`)
    return failed ? 1 : 0
  },
}
