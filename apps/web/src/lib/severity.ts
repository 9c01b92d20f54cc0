import type { Severity } from '../api/client'

/** Most severe first; the order the list sorts in. */
export const SEVERITIES: readonly Severity[] = ['critical', 'high', 'medium', 'low', 'info']

export const severityRank = (s: Severity): number => SEVERITIES.length - SEVERITIES.indexOf(s)

/** A shape per level, so severity never depends on colour alone. */
export const SEVERITY_MARK: Record<Severity, string> = { critical: '◆', high: '▲', medium: '■', low: '●', info: '○' }
