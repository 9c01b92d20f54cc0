import { readFile, stat } from 'node:fs/promises'
import type { Logger, Metrics } from '@vigil/platform'
import { parseIndicatorFile, type IndicatorKind } from '@vigil/rules'

export interface IndicatorFileConfig {
  /** The rules list the file fills (it must be defined by a rule file): tor_exit_addresses, indicator_addresses, … */
  list: string
  path: string
  kind: IndicatorKind
}

export interface IndicatorWatcherDeps {
  files: readonly IndicatorFileConfig[]
  /** Called with every file's list whenever one changed (and once at start); rebuilds the ruleset. */
  onLists: (lists: { name: string; items: string[] }[]) => void
  metrics: Metrics
  logger: Logger
  intervalMs: number
}

export interface IndicatorWatcher {
  /** Reads every file; throws when one cannot be read, so a bad path is a startup error. */
  start(): Promise<void>
  /** Stats each file and reloads when one changed (size or modification time). Never throws. */
  poll(): Promise<void>
  stop(): void
}

/**
 * Keeps the indicator lists (Tor exits, threat-intelligence addresses, user
 * agents) in step with their files: polls each file's size and modification
 * time, re-reads all when one changed, and hands the lists on. A file that
 * disappears or cannot be read keeps its last list, and the failure is
 * counted and logged; lines that are not entries are left out and logged.
 */
export function createIndicatorWatcher(deps: IndicatorWatcherDeps): IndicatorWatcher {
  const logger = deps.logger.child({ component: 'indicators' })
  const seen = new Map<string, string>()
  const current = new Map<string, string[]>()
  let timer: NodeJS.Timeout | undefined

  const load = async (f: IndicatorFileConfig): Promise<void> => {
    const parsed = parseIndicatorFile(await readFile(f.path, 'utf8'), f.kind)
    if (parsed.problems.length > 0) logger.warn({ list: f.list, path: f.path, skipped: parsed.problems.length, first: parsed.problems.slice(0, 5) }, 'indicator file lines that are not entries were skipped')
    current.set(f.list, parsed.items)
    deps.metrics.indicatorEntries.set({ list: f.list }, parsed.items.length)
  }
  const publish = () => deps.onLists(deps.files.map((f) => ({ name: f.list, items: current.get(f.list) ?? [] })))
  const signature = async (path: string) => {
    const s = await stat(path)
    return `${s.size}:${s.mtimeMs}`
  }

  return {
    async start() {
      if (deps.files.length === 0) return
      for (const f of deps.files) {
        seen.set(f.path, await signature(f.path))
        await load(f)
      }
      publish()
      deps.metrics.indicatorReloads.inc({ outcome: 'loaded' })
      timer = setInterval(() => void this.poll(), deps.intervalMs)
      timer.unref()
    },
    async poll() {
      let changed = false
      for (const f of deps.files) {
        try {
          const sig = await signature(f.path)
          if (sig === seen.get(f.path)) continue
          await load(f)
          seen.set(f.path, sig)
          changed = true
        } catch (err) {
          deps.metrics.indicatorReloads.inc({ outcome: 'failed' })
          logger.warn({ err, list: f.list, path: f.path }, 'indicator file could not be read; its last list stays in force')
        }
      }
      if (!changed) return
      try {
        publish()
        deps.metrics.indicatorReloads.inc({ outcome: 'loaded' })
        logger.info({ lists: deps.files.map((f) => ({ list: f.list, entries: current.get(f.list)?.length ?? 0 })) }, 'indicator lists reloaded')
      } catch (err) {
        deps.metrics.indicatorReloads.inc({ outcome: 'failed' })
        logger.error({ err }, 'rules could not be rebuilt with the new indicator lists; the previous ones stay in force')
      }
    },
    stop() {
      if (timer !== undefined) clearInterval(timer)
      timer = undefined
    },
  }
}
