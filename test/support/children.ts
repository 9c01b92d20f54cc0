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
