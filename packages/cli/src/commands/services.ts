import { runAnalyzerService } from '@vigil/analyzer'
import { runApiService } from '@vigil/api'
import { runIngestService } from '@vigil/ingest'
import { runRouterService } from '@vigil/router'
import { parseOptions, type Command } from '../command.js'
import { configFile } from '../load-configs.js'

const common = `
Options:
  -c, --config FILE   YAML config file (also VIGIL_CONFIG); VIGIL_* variables override it
  -h, --help          show this help`

export const ingestCommand: Command = {
  path: ['ingest'],
  summary: 'run the webhook ingest alone (scale-out, needs event_log.type kafka)',
  usage: 'vigil ingest [--config FILE]',
  help: `Receives kube-apiserver audit webhooks and publishes them to the shared event log.\n${common}`,
  async run(args, io) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' } })
    return runIngestService(io, { configFile: configFile(values.config, io) })
  },
}

export const analyzerCommand: Command = {
  path: ['analyzer'],
  summary: 'run an analyzer worker alone (scale-out, needs event_log.type kafka)',
  usage: 'vigil analyzer [--config FILE]',
  help: `Consumes the event log as a group, evaluates the rules and writes events and findings to the store.\n${common}`,
  async run(args, io) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' } })
    return runAnalyzerService(io, { configFile: configFile(values.config, io) })
  },
}

export const apiCommand: Command = {
  path: ['api'],
  summary: 'run the API alone',
  usage: 'vigil api [--config FILE]',
  help: `Serves findings, events, /metrics and /openapi.json from the store.\n${common}`,
  async run(args, io) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' } })
    return runApiService(io, { configFile: configFile(values.config, io) })
  },
}

export const routerCommand: Command = {
  path: ['router'],
  summary: 'run the alert router alone (scale-out, needs event_log.type kafka)',
  usage: 'vigil router [--config FILE]',
  help: `Consumes vigil.alerts.v1, groups alert candidates by route, and delivers notifications from the durable outbox.
Exactly one router runs per deployment: it owns every sink's rate limit (docs/adr/0009-alert-outbox.md).\n${common}`,
  async run(args, io) {
    const { values } = parseOptions(args, { config: { type: 'string', short: 'c' } })
    return runRouterService(io, { configFile: configFile(values.config, io) })
  },
}
