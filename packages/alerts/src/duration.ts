import { z } from 'zod'

const UNIT_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const

/**
 * A duration as Alertmanager writes it (`0s`, `30s`, `5m`, `4h`, `3d`, `1h30m`),
 * parsed to milliseconds. Returns undefined when the text is not one.
 */
export function parseDuration(text: string): number | undefined {
  if (!/^(\d+(ms|s|m|h|d))+$/.test(text)) return undefined
  let total = 0
  for (const m of text.matchAll(/(\d+)(ms|s|m|h|d)/g)) total += Number(m[1]) * UNIT_MS[m[2] as keyof typeof UNIT_MS]
  return Number.isSafeInteger(total) ? total : undefined
}

/** A zod schema for a duration string, output in milliseconds. */
export const Duration = z.string().transform((text, ctx) => {
  const ms = parseDuration(text)
  if (ms === undefined) {
    ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration such as 30s, 5m, 4h or 3d` })
    return z.NEVER
  }
  return ms
})
