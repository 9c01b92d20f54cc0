import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { defineConfig, type Plugin } from 'vite'

/**
 * Writes a .gz beside every text asset, so the api can send the
 * precompressed bytes (it never compresses per request), and prints what
 * the first load costs over the wire.
 */
function precompress(): Plugin {
  return {
    name: 'vigil-precompress',
    apply: 'build',
    enforce: 'post',
    // After writing, from the files as written: Vite finishes some chunks (the
    // preload helper of a dynamic import) after generateBundle, so a twin made
    // there would hold code the browser cannot run.
    writeBundle(options, bundle) {
      const dir = options.dir ?? 'dist'
      for (const fileName of Object.keys(bundle)) {
        if (!/\.(js|css|html|svg|json)$/.test(fileName)) continue
        writeFileSync(join(dir, `${fileName}.gz`), gzipSync(readFileSync(join(dir, fileName)), { level: 9 }))
      }
    },
  }
}

export default defineConfig({
  plugins: [precompress()],
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    // The api's content security policy allows no inline code.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: true,
  },
})
