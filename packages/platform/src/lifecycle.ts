import type { Logger } from 'pino'

export interface Lifecycle {
  /** Registers a shutdown step. Steps run last-registered first. */
  onShutdown(name: string, step: () => Promise<void> | void): void
  /** Runs every step once, in order; later calls return the same promise. */
  shutdown(reason: string): Promise<void>
  /** SIGINT/SIGTERM start the shutdown; the process exits when it ends, or at the deadline. */
  installSignalHandlers(): void
  /** The exit status, once a signal's shutdown has ended (or its deadline passed). A service's entry point returns it. */
  readonly exited: Promise<number>
}

export function createLifecycle(deps: { logger: Logger; deadlineMs: number; exit?: (code: number) => void }): Lifecycle {
  const steps: { name: string; step: () => Promise<void> | void }[] = []
  let resolveExited: (code: number) => void = () => {}
  const exited = new Promise<number>((r) => (resolveExited = r))
  const exit = deps.exit ?? resolveExited
  let running: Promise<void> | undefined
  let failed = false

  async function runSteps(reason: string): Promise<void> {
    deps.logger.info({ reason }, 'shutting down')
    for (const { name, step } of [...steps].reverse()) {
      try {
        await step()
        deps.logger.debug({ step: name }, 'shutdown step done')
      } catch (err) {
        failed = true
        deps.logger.error({ err, step: name }, 'shutdown step failed')
      }
    }
    deps.logger.info('shutdown complete')
  }

  const lifecycle: Lifecycle = {
    exited,
    onShutdown(name, step) {
      steps.push({ name, step })
    },
    shutdown(reason) {
      running ??= runSteps(reason)
      return running
    },
    installSignalHandlers() {
      const onSignal = (signal: NodeJS.Signals) => {
        if (running !== undefined) {
          deps.logger.warn({ signal }, 'second signal, exiting now')
          exit(1)
          return
        }
        const timer = setTimeout(() => {
          deps.logger.error({ deadline_ms: deps.deadlineMs }, 'shutdown deadline passed, exiting')
          exit(1)
        }, deps.deadlineMs)
        timer.unref()
        void lifecycle.shutdown(signal).then(() => {
          clearTimeout(timer)
          exit(failed ? 1 : 0)
        })
      }
      process.on('SIGINT', onSignal)
      process.on('SIGTERM', onSignal)
    },
  }
  return lifecycle
}
