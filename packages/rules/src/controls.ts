import { parse } from 'yaml'
import { z } from 'zod'
import { AppError } from '@vigil/core'
import type { RuleSource } from './schema.js'

export const ControlCatalog = z.strictObject({
  framework: z.enum(['soc2', 'hipaa', 'gdpr']),
  name: z.string().min(1),
  version: z.string().min(1),
  controls: z
    .array(
      z.strictObject({
        id: z.string().min(1),
        title: z.string().min(1),
        summary: z.string().min(1).describe('A paraphrase; never the copyrighted criterion text.'),
        system_populations: z
          .array(z.enum(['access_log']))
          .optional()
          .describe("Populations drawn from vigil's own records besides the rules' events: access_log is every request made to vigil's API, allowed or refused."),
      }),
    )
    .min(1),
})
export type ControlCatalog = z.infer<typeof ControlCatalog>

/** Parses catalog files (rules/controls/*.yaml). Pure: the caller reads them. */
export function parseControlCatalogs(sources: readonly RuleSource[]): ControlCatalog[] {
  const problems: string[] = []
  const catalogs: ControlCatalog[] = []
  for (const s of sources) {
    let doc: unknown
    try {
      doc = parse(s.text)
    } catch (err) {
      problems.push(`${s.file}: YAML: ${(err as Error).message.split('\n')[0]}`)
      continue
    }
    const result = ControlCatalog.safeParse(doc)
    if (!result.success) {
      problems.push(...result.error.issues.map((i) => `${s.file}: ${i.path.join('.')}: ${i.message}`))
      continue
    }
    const seen = new Set<string>()
    for (const c of result.data.controls) {
      if (seen.has(c.id)) problems.push(`${s.file}: control ${c.id} is listed twice`)
      seen.add(c.id)
    }
    catalogs.push(result.data)
  }
  if (problems.length > 0) throw new AppError('invalid_rule', `invalid control catalogs:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  return catalogs
}
