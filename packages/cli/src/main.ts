import { AppError } from '@vigil/core'
import { VIGIL_VERSION, type ServiceIo } from '@vigil/platform'
import { commandHelp, UsageError, write, type Command } from './command.js'
import { alertsRoutesCommand, alertsTestCommand } from './commands/alerts.js'
import { analyzeCommand } from './commands/analyze.js'
import { configCheckCommand } from './commands/config-check.js'
import { rulesCoverageCommand, rulesExplainCommand, rulesLintCommand, rulesTestCommand } from './commands/rules.js'
import { analyzerCommand, apiCommand, ingestCommand, routerCommand } from './commands/services.js'
import { startCommand } from './commands/start.js'
import { TOKEN_COMMANDS } from './commands/tokens.js'
import { replayCommand } from './commands/replay.js'
import { verifyLedgerCommand } from './commands/verify.js'
import { verifyBundleCommand } from './commands/verify-bundle.js'
import { EVIDENCE_COMMANDS } from './commands/evidence.js'

export const COMMANDS: readonly Command[] = [
  startCommand,
  ingestCommand,
  analyzerCommand,
  routerCommand,
  apiCommand,
  analyzeCommand,
  replayCommand,
  configCheckCommand,
  rulesTestCommand,
  rulesLintCommand,
  rulesExplainCommand,
  rulesCoverageCommand,
  verifyLedgerCommand,
  verifyBundleCommand,
  ...EVIDENCE_COMMANDS,
  alertsTestCommand,
  alertsRoutesCommand,
  ...TOKEN_COMMANDS,
]

function overview(): string {
  const width = Math.max(...COMMANDS.map((c) => c.path.join(' ').length))
  return `vigil ${VIGIL_VERSION}: streaming compliance analyzer for Kubernetes audit logs

Usage: vigil <command> [options]

Commands:
${COMMANDS.map((c) => `  ${c.path.join(' ').padEnd(width)}  ${c.summary}`).join('\n')}

Run \`vigil <command> --help\` for a command's options.
Docs: README.md, docs/configuration.md, docs/rules.md
`
}

/** Dispatches a command line; resolves to the exit status. */
export async function runCli(argv: readonly string[], io: ServiceIo): Promise<number> {
  const args = [...argv]
  if (args.length === 0 || args[0] === '--help' || args[0] === '-h' || args[0] === 'help') {
    write(args.length === 0 ? io.stderr : io.stdout, overview())
    return args.length === 0 ? 2 : 0
  }
  if (args[0] === '--version' || args[0] === '-v') {
    write(io.stdout, VIGIL_VERSION)
    return 0
  }
  const command = COMMANDS.filter((c) => c.path.every((w, i) => args[i] === w)).sort((a, b) => b.path.length - a.path.length)[0]
  if (command === undefined) {
    const group = COMMANDS.filter((c) => c.path[0] === args[0])
    if (group.length > 0) {
      const list = group.map((c) => `  vigil ${c.path.join(' ')}  ${c.summary}`).join('\n')
      // `vigil rules --help` asks for this list: exit 0 on stdout; a bare group is a usage error.
      if (args.includes('--help') || args.includes('-h')) {
        write(io.stdout, `vigil ${args[0]}: subcommands:\n${list}\n\nRun \`vigil ${args[0]} <subcommand> --help\` for its options.`)
        return 0
      }
      write(io.stderr, `vigil ${args[0]}: give a subcommand:\n${list}`)
      return 2
    }
    write(io.stderr, `vigil: unknown command "${args[0]}"\n\n${overview()}`)
    return 2
  }
  const rest = args.slice(command.path.length)
  if (rest.includes('--help') || rest.includes('-h')) {
    write(io.stdout, commandHelp(command))
    return 0
  }
  try {
    return await command.run(rest, io)
  } catch (err) {
    if (err instanceof UsageError) {
      write(io.stderr, `vigil ${command.path.join(' ')}: ${err.message}\nUsage: ${command.usage}\nSee: vigil ${command.path.join(' ')} --help`)
      return 2
    }
    if (err instanceof AppError && (err.code === 'invalid_config' || err.code === 'invalid_rule')) {
      write(io.stderr, `vigil ${command.path.join(' ')}: ${err.message}`)
      return 1
    }
    throw err
  }
}

/** The bin's entry: the only place the real process is read. */
export function main(argv: readonly string[]): Promise<number> {
  return runCli(argv, { env: process.env, cwd: process.cwd(), stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, isTty: process.stderr.isTTY === true })
}
