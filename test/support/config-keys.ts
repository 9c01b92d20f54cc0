import type { z } from 'zod'

interface Def {
  type: string
  innerType?: z.ZodType
  options?: z.ZodType[]
  in?: z.ZodType
  out?: z.ZodType
}

/**
 * Every key path a config schema accepts, through defaults, optionals,
 * unions and preprocessing. `objects: true` lists the sections as well as
 * the leaves.
 */
export function configKeyPaths(schema: z.ZodType, options: { objects?: boolean } = {}, prefix = ''): string[] {
  const def = (schema as unknown as { def: Def }).def
  switch (def.type) {
    case 'default':
    case 'prefault':
    case 'optional':
    case 'nullable':
      return configKeyPaths(def.innerType as z.ZodType, options, prefix)
    case 'pipe': {
      // z.preprocess(fn, schema) is a pipe from a transform into the schema.
      const inner = (def.in as unknown as { def: Def }).def.type === 'transform' ? def.out : def.in
      return configKeyPaths(inner as z.ZodType, options, prefix)
    }
    case 'union':
      return [...new Set((def.options ?? []).flatMap((o) => configKeyPaths(o, options, prefix)))]
    case 'object':
      return Object.entries((schema as unknown as { shape: Record<string, z.ZodType> }).shape).flatMap(([k, v]) => {
        const path = prefix === '' ? k : `${prefix}.${k}`
        const inner = configKeyPaths(v, options, path)
        return options.objects === true ? [path, ...inner] : inner.length === 0 ? [path] : inner
      })
    case 'unknown':
      return []
    default:
      return prefix === '' ? [] : [prefix]
  }
}
