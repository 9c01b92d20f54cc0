import { ListDef } from '../schema.js'
import type { CompileOptions } from './compiled.js'
import { closest } from './event-fields.js'

/**
 * Step 2: applies the lists set in config (`analyzer.lists`) over the files'
 * lists, in place. A config list must name a list some file defines: a
 * misspelt name would otherwise leave the rule that reads the real one inert.
 */
export function applyConfigLists(lists: Map<string, string[]>, extras: CompileOptions['lists'], problems: string[]): void {
  for (const extra of extras ?? []) {
    const parsed = ListDef.safeParse(extra)
    if (!parsed.success) {
      problems.push(`config lists.${extra.name}: ${parsed.error.issues[0]?.message ?? 'invalid'}`)
      continue
    }
    const prev = lists.get(parsed.data.name)
    if (prev === undefined) {
      const near = closest(parsed.data.name, [...lists.keys()])
      problems.push(`config lists.${parsed.data.name}: no rule file defines this list${near === undefined ? '' : `; did you mean ${near}?`}`)
      continue
    }
    if (parsed.data.append) prev.push(...parsed.data.items)
    else lists.set(parsed.data.name, [...parsed.data.items])
  }
}
