import { AnalyzerConfigSchema, type AnalyzerConfig } from '@vigil/analyzer'
import { AppError } from '@vigil/core'
import { IngestConfigSchema, resolveSources } from '@vigil/ingest'
import { ignoredConfigEnv, ignoredConfigEnvWarning, loadConfigDocument } from '@vigil/platform'
import { loadRuleset } from '@vigil/rules'
import { parseOptions, write, type Command } from '../command.js'
import { alertingProblems, allProblems, configFile } from '../load-configs.js'

export const configCheckCommand: Command = {
  path: ['config', 'check'],
  summary: 'validate a config file and list every problem',
  usage: 'vigil config check [FILE]',
  help: `
Validates FILE (or VIGIL_CONFIG, or the defaults when neither is given)
together with the VIGIL_* environment, exactly as the services would at
start, and lists every problem with its key path. When the config itself
is valid, it also loads the rule files of analyzer.rules_paths with the
lists of analyzer.lists, so a missing rules directory or a misspelt list
name shows here rather than at start, and reads the credentials of every
ingest.sources entry (files and environment variables), as ingest would.
The alerting section is checked in full: routes, sinks, secret files and
variables (named, never printed) and the egress policy of every sink URL.

Exit status: 0 when valid, 1 when there are problems.`,
  async run(args, io) {
    const { positionals } = parseOptions(args, {}, true)
    const file = configFile(positionals[0], io)
    let problems: string[]
    try {
      const doc = loadConfigDocument({ file, env: io.env })
      problems = [...allProblems(doc), ...alertingProblems(doc, io)]
      if (problems.length === 0) problems = [...sourceProblems(doc, io), ...ruleProblems(AnalyzerConfigSchema.parse(doc).analyzer, io.cwd)]
    } catch (err) {
      if (err instanceof AppError) {
        write(io.stderr, err.message)
        return 1
      }
      throw err
    }
    const name = file ?? '(defaults and environment)'
    const ignoredEnv = ignoredConfigEnv(io.env)
    if (ignoredEnv.length > 0) write(io.stderr, `warning: ${ignoredConfigEnvWarning(ignoredEnv)}`)
    if (problems.length === 0) {
      write(io.stdout, `${name}: ok`)
      return 0
    }
    write(io.stderr, `${name}: ${problems.length} problem(s)`)
    for (const p of problems) write(io.stderr, `  - ${p}`)
    return 1
  },
}

/** Problems reading the credentials of ingest.sources, as ingest would at start. */
function sourceProblems(doc: unknown, io: { env: Readonly<Record<string, string | undefined>>; cwd: string }): string[] {
  try {
    resolveSources(IngestConfigSchema.parse(doc).ingest.sources, io)
    return []
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    return err.message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ''))
  }
}

/** Problems compiling the rules a valid config points at, as the analyzer would at start. */
function ruleProblems(analyzer: AnalyzerConfig['analyzer'], cwd: string): string[] {
  try {
    loadRuleset(analyzer.rules_paths, cwd, { lists: analyzer.lists })
    return []
  } catch (err) {
    if (!(err instanceof AppError)) throw err
    return err.message
      .split('\n')
      .slice(1)
      .map((line) => line.replace(/^ {2}- /, ''))
  }
}
