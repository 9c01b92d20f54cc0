import { z } from 'zod'

export const SEVERITIES = ['info', 'low', 'medium', 'high', 'critical'] as const
export const Severity = z.enum(SEVERITIES)
export type Severity = z.infer<typeof Severity>
