import { existsSync } from 'node:fs'
import { chromium, type Browser } from 'playwright-core'

/**
 * Debian's chromium, driven by playwright-core. Nothing downloads a browser:
 * `.ci/run` installs the `chromium` package when it is missing, and
 * VIGIL_CHROMIUM points at another binary.
 */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const candidates = [env['VIGIL_CHROMIUM'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((c): c is string => c !== undefined && c !== '')
  return candidates.find((c) => existsSync(c))
}

/**
 * Without the background-networking flags, Chromium keeps dialling Google's
 * hosts, which a closed network refuses. playwright-core gives every
 * launch a fresh, empty profile (--user-data-dir) of its own.
 */
export const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage']

export async function launchChromium(executablePath: string): Promise<Browser> {
  return chromium.launch({ executablePath, headless: true, args: CHROMIUM_ARGS })
}
