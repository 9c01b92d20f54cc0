/** `attachment; filename="x.pdf"` → `x.pdf`. */
export function filenameOf(disposition: string | null, fallback: string): string {
  const m = /filename="([^"]+)"/.exec(disposition ?? '')
  return m?.[1] ?? fallback
}

/**
 * Saves bytes the API sent as a file. The token went in the Authorization
 * header, never in a URL, so a plain link could not have fetched them.
 */
export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  document.body.append(a)
  a.click()
  a.remove()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}
