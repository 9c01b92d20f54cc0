import { z } from 'zod'
import { ListDef, MacroDef, Rule, RuleOverride } from './schema.js'

/**
 * The JSON Schema editors use to complete and check rule files. Generated
 * from the same zod schemas the engine validates with; a test keeps the
 * committed copy (docs/schemas/rule-file.schema.json) current.
 */
export function ruleFileJsonSchema(): Record<string, unknown> {
  const forEditors = z.strictObject({
    lists: z.array(ListDef).optional(),
    macros: z.array(MacroDef).optional(),
    rules: z.array(z.union([RuleOverride, Rule])).optional(),
  })
  const schema = z.toJSONSchema(forEditors, { io: 'input', unrepresentable: 'any' }) as Record<string, unknown>
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: 'https://vigil.dev/schemas/rule-file.schema.json',
    title: 'vigil rule file',
    description: 'Lists, macros and rules for vigil. See docs/rules.md.',
    ...Object.fromEntries(Object.entries(schema).filter(([k]) => k !== '$schema')),
  }
}
