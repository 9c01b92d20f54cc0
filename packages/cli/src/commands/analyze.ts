import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { BUILTIN_RULES_DIR, collectFindings } from '@vigil/analyzer'
import { SEVERITIES, type Finding, type Severity } from '@vigil/core'
import type { ServiceIo } from '@vigil/platform'
import { evaluateEvent, loadRuleset, ThresholdTracker } from '@vigil/rules'
import { parseOptions, UsageError, write, type Command } from '../command.js'
import { Progress } from '../progress.js'
import { readAuditFile, type FileProblem } from '../read-audit-file.js'
import { INPUT_FORMATS, type InputFormat } from '../cloud-formats.js'

const PROGRESS_MIN_BYTES = 8 * 1024 * 1024
const MAX_PROBLEMS_SHOWN = 20

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length)))
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? c : c.padEnd(widths[i]!))).join('  ')).join('\n')
}

/** Offline analysis of audit log files with the same rules the analyzer runs. */
export const analyzeCommand: Command = {
  path: ['analyze'],
  summary: 'run the rules over audit log files, offline',
  usage: 'vigil analyze [--json] [--format FORMAT] [--rules PATH]... [--cluster NAME] <file>...',
  help: `
Reads kube-apiserver audit logs (JSON lines, one Event per line, as the log
backend writes them) and EventList or Event JSON files, and evaluates every
event with the rule packs. Nothing is stored.

It also reads what the managed clouds export, recognised by shape:
  cloudwatch  EKS: \`aws logs filter-log-events\` output, CloudWatch Logs
              subscription payloads, or saved Firehose request bodies
  gke         GKE: Cloud Logging LogEntry JSON (lines or an array, as
              \`gcloud logging read --format=json\` prints) or Pub/Sub push
              bodies; converted as the Pub/Sub source does (docs/sources/gke.md)
  aks         AKS: diagnostic-setting records, as Event Hubs bodies
              ({"records":[…]}) or one record per line (Storage-account archive)

Options:
  --json            print one finding per line as JSON instead of a summary
  --format FORMAT   auto (default), audit, cloudwatch, gke or aks
  --rules PATH      rule file or directory (repeatable; default: the shipped packs)
  --cluster NAME    cluster id to stamp on findings (default: offline)
  -h, --help        show this help

Exit status: 0 whether or not anything was found; 2 if an input could not
be read (each problem names the file and line), or on a usage error.

Example:
  vigil analyze /var/log/kubernetes/audit.log
  vigil analyze --json audit-*.log | jq 'select(.severity=="high")'
  gcloud logging read 'protoPayload.serviceName="k8s.io"' --format=json > gke.json
  vigil analyze gke.json`,
  async run(args, io: ServiceIo) {
    const { values, positionals } = parseOptions(args, { json: { type: 'boolean' }, format: { type: 'string' }, rules: { type: 'string', multiple: true }, cluster: { type: 'string' } }, true)
    if (positionals.length === 0) throw new UsageError('give at least one audit log file')
    const format = (values.format ?? 'auto') as InputFormat
    if (!INPUT_FORMATS.includes(format)) throw new UsageError(`--format must be one of ${INPUT_FORMATS.join(', ')}`)
    const ruleset = loadRuleset(values.rules ?? [BUILTIN_RULES_DIR], io.cwd)
    const cluster = values.cluster ?? 'offline'
    const thresholds = new ThresholdTracker()
    const files = positionals.map((f) => resolve(io.cwd, f))
    const problems: FileProblem[] = []
    // Each readable file's size, for the progress bar; a file that cannot be stat'ed is a problem and is skipped.
    const sizes = new Map<string, number>()
    let totalBytes = 0
    for (const f of files) {
      try {
        sizes.set(f, statSync(f).size)
        totalBytes += sizes.get(f) as number
      } catch (err) {
        problems.push({ file: f, line: 0, message: (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message })
      }
    }
    const progress = new Progress(io.stderr, io.isTty && !values.json && totalBytes >= PROGRESS_MIN_BYTES, totalBytes)
    const byRule = new Map<string, { severity: Severity; title: string; count: number }>()
    const bySeverity = new Map<Severity, number>(SEVERITIES.map((s) => [s, 0]))
    let events = 0
    let findings = 0
    let doneBytes = 0
    const emit = (f: Finding) => {
      findings++
      bySeverity.set(f.severity, (bySeverity.get(f.severity) ?? 0) + 1)
      const entry = byRule.get(f.rule_id) ?? { severity: f.severity, title: f.title, count: 0 }
      entry.count++
      byRule.set(f.rule_id, entry)
      if (values.json) {
        const { rule_id, severity, audit_id, stage, user, verb, resource, namespace, name, reason, title, output, event_time, finding_id, evidence } = f
        write(io.stdout, JSON.stringify({ rule_id, severity, audit_id, stage, cluster: f.cluster, user, verb, resource, namespace, name, reason, title, output, event_time, finding_id, evidence }))
      }
    }
    for (const file of files) {
      const size = sizes.get(file)
      if (size === undefined) continue
      const base = doneBytes
      try {
        await readAuditFile(file, {
          onEvent: (event) => {
            events++
            const stamped = { cluster, received_at: event.stageTimestamp, event, raw: '' }
            const found: Finding[] = []
            collectFindings(evaluateEvent(ruleset, event, cluster), stamped, thresholds, found)
            for (const f of found) emit(f)
          },
          onProblem: (p) => problems.push(p),
          onProgress: (bytes) => progress.update(base + bytes, `${events.toLocaleString('en-US')} events, ${findings.toLocaleString('en-US')} findings`),
        }, { format })
      } catch (err) {
        problems.push({ file, line: 0, message: (err as Error).message })
      }
      doneBytes = base + size
    }
    progress.finish()
    if (!values.json) {
      const rows = [['rule', 'severity', 'findings', 'title'], ...[...byRule].sort((a, b) => b[1].count - a[1].count || a[0].localeCompare(b[0])).map(([id, r]) => [id, r.severity, String(r.count), r.title])]
      write(io.stdout, findings === 0 ? 'no findings' : table(rows))
      write(io.stdout, '')
      write(io.stdout, `by severity: ${[...SEVERITIES].reverse().map((s) => `${s} ${bySeverity.get(s)}`).join(', ')}`)
      write(io.stdout, `${events} events read from ${files.length} file(s), ${findings} findings, ${problems.length} unreadable input(s)`)
    }
    for (const p of problems.slice(0, MAX_PROBLEMS_SHOWN)) write(io.stderr, `vigil analyze: ${p.file}${p.line > 0 ? `:${p.line}` : ''}: ${p.message}`)
    if (problems.length > MAX_PROBLEMS_SHOWN) write(io.stderr, `vigil analyze: … and ${problems.length - MAX_PROBLEMS_SHOWN} more unreadable inputs`)
    return problems.length > 0 ? 2 : 0
  },
}
