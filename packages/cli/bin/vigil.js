#!/usr/bin/env node
import { main } from '../dist/index.js'

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code
    // Long-running commands end after an orderly shutdown; do not let a
    // stray handle keep the process alive past it.
    setTimeout(() => process.exit(code), 2000).unref()
  },
  (err) => {
    process.stderr.write(`vigil: ${err?.stack ?? err}\n`)
    process.exit(1)
  },
)
