import { ageLabel, localLabel, utcLabel } from '../lib/time'

/** A moment in the reader's zone; UTC on hover (and to screen readers through the datetime). */
export function Time({ iso, relative, now }: { iso: string; relative?: boolean; now?: number }) {
  const utc = utcLabel(iso)
  const local = localLabel(iso)
  return (
    <time dateTime={iso} title={relative === true ? `${local} (${utc})` : utc}>
      {relative === true ? ageLabel(iso, now ?? Date.now()) : local}
    </time>
  )
}
