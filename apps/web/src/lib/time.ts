/** `2026-11-01 10:00:05 UTC`: what the hover shows beside the local time. */
export function utcLabel(iso: string): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return `${d.toISOString().replace('T', ' ').replace(/\.\d+Z$/, '').replace('Z', '')} UTC`
}

/** The time in the reader's own zone. */
export function localLabel(iso: string, options: { zone?: string; locale?: string } = {}): string {
  const d = new Date(iso)
  if (Number.isNaN(d.getTime())) return iso
  return d.toLocaleString(options.locale, { dateStyle: 'medium', timeStyle: 'medium', timeZone: options.zone })
}

const UNITS: [number, string][] = [
  [365 * 86_400, 'y'],
  [30 * 86_400, 'mo'],
  [7 * 86_400, 'w'],
  [86_400, 'd'],
  [3_600, 'h'],
  [60, 'm'],
]

/** `3h`, `2d`, `just now`: how long ago, compactly, for a list column. */
export function ageLabel(iso: string, now: number): string {
  const seconds = Math.floor((now - new Date(iso).getTime()) / 1000)
  if (!Number.isFinite(seconds)) return iso
  if (seconds < 60) return seconds < 0 ? 'in the future' : 'just now'
  for (const [size, unit] of UNITS) if (seconds >= size) return `${Math.floor(seconds / size)}${unit} ago`
  return 'just now'
}

/** Relative windows the findings filter offers; kept in the URL as their name, so a shared link keeps meaning "the last day". */
export const SINCE: Record<string, number> = { '1h': 3_600_000, '24h': 86_400_000, '7d': 7 * 86_400_000, '30d': 30 * 86_400_000 }
