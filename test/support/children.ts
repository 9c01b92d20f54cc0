import type { ChildProcess } from 'node:child_process'

const children = new Set<ChildProcess>()
let hooked = false

/** A failed test must not leave a vigil process running: kill what is left when this worker exits. */
export function killOnExit(child: ChildProcess): void {
  children.add(child)
  child.once('exit', () => children.delete(child))
  if (hooked) return
  hooked = true
  process.once('exit', () => {
    for (const c of children) c.kill('SIGKILL')
  })
}

/** The child's exit code once it has exited (null when a signal ended it), whether or not that already happened. */
export function exitOf(child: ChildProcess): Promise<number | null> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve(child.exitCode) : new Promise((r) => child.once('exit', (code) => r(code)))
}

/** Asks the child to shut down (SIGTERM) and resolves with its exit code. */
export function stopChild(child: ChildProcess): Promise<number | null> {
  const done = exitOf(child)
  child.kill('SIGTERM')
  return done
}
