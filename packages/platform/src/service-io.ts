import type { Readable, Writable } from 'node:stream'

/** What a command or service entry point may touch of the process: handed in by the bin, never read globally. */
export interface ServiceIo {
  env: Readonly<Record<string, string | undefined>>
  cwd: string
  stdout: Writable
  stderr: Writable
  /** Standard input, for commands that read `-`; absent where there is none. */
  stdin?: Readable
  /** Whether stderr is a terminal (progress bars, colours). */
  isTty: boolean
}

/** Writes one line (adds the newline if missing). */
export function write(stream: NodeJS.WritableStream, text: string): void {
  stream.write(text.endsWith('\n') ? text : `${text}\n`)
}
