import { createHash } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, extname, join, relative, sep } from 'node:path'

/** One built file of the console, held in memory with its precompressed twin. */
export interface ConsoleAsset {
  body: Buffer
  gzip: Buffer | undefined
  contentType: string
  etag: string
  /** Hashed file names under assets/ never change: cache them for a year. */
  immutable: boolean
}

/** The console's built files by URL path (`/index.html`, `/assets/index-3f2a.js`). */
export type ConsoleAssets = ReadonlyMap<string, ConsoleAsset>

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.woff2': 'font/woff2',
}

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name)
    return statSync(path).isDirectory() ? walk(path) : [path]
  })
}

/**
 * Reads a built console (the `dist` directory of `@vigil/web`) into memory
 * once, at startup: a few hundred kilobytes, served without touching the
 * disk again. `.gz` files beside an asset are its precompressed form.
 * Returns undefined when the directory holds no index.html.
 */
export function loadConsoleAssets(dir: string): ConsoleAssets | undefined {
  if (!existsSync(join(dir, 'index.html'))) return undefined
  const files = walk(dir)
  const present = new Set(files)
  const assets = new Map<string, ConsoleAsset>()
  for (const path of files) {
    const ext = extname(path)
    if (ext === '.gz' || ext === '.br') continue
    const body = readFileSync(path)
    const url = `/${relative(dir, path).split(sep).join('/')}`
    assets.set(url, {
      body,
      gzip: present.has(`${path}.gz`) ? readFileSync(`${path}.gz`) : undefined,
      contentType: TYPES[ext] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 22)}"`,
      immutable: url.startsWith('/assets/'),
    })
  }
  return assets
}

/** Where the installed `@vigil/web` package keeps its build; the composition roots pass it on. */
export function consoleDistDir(): string {
  return join(dirname(createRequire(import.meta.url).resolve('@vigil/web/package.json')), 'dist')
}
