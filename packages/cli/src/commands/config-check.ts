import { AppError } from '@vigil/core'
import { loadConfigDocument } from '@vigil/platform'
import { parseOptions, write, type Command } from '../command.js'
import { allProblems, configFile } from '../load-configs.js'

export const configCheckCommand: Command = {
  path: ['config', 'check'],
  summary: 'validate a config file and list every problem',
  usage: 'vigil config check [FILE]',
  help: `
Validates FILE (or VIGIL_CONFIG, or the defaults when neither is given)
together with the VIGIL_* environment, exactly as the services would at
start, and lists every problem with its key path.

Exit status: 0 when valid, 1 when there are problems.`,
  async run(args, io) {
    const { positionals } = parseOptions(args, {}, true)
    const file = configFile(positionals[0], io)
    let problems: string[]
    try {
      problems = allProblems(loadConfigDocument({ file, env: io.env }))
    } catch (err) {
      if (err instanceof AppError) {
        write(io.stderr, err.message)
        return 1
      }
      throw err
    }
    const name = file ?? '(defaults and environment)'
    if (problems.length === 0) {
      write(io.stdout, `${name}: ok`)
      return 0
    }
    write(io.stderr, `${name}: ${problems.length} problem(s)`)
    for (const p of problems) write(io.stderr, `  - ${p}`)
    return 1
  },
}
