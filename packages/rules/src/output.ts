import { readPath } from './activation.js'

const FIELD = /\{([A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z0-9_-]+|\["[^"]+"\])*)\}/g

/** The `{path}` fields of an output template. */
export function templateFields(template: string): string[] {
  return [...template.matchAll(FIELD)].map((m) => m[1] as string)
}

function show(v: unknown): string {
  if (v === undefined || v === null || v === '') return '<none>'
  if (typeof v === 'string') return v
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return String(v)
  if (Array.isArray(v) && v.every((x) => typeof x !== 'object' || x === null)) return v.join(',')
  const text = JSON.stringify(v)
  return text.length > 256 ? `${text.slice(0, 256)}…` : text
}

/** Renders an output template against an activation. */
export function renderOutput(template: string, activation: object): string {
  return template.replace(FIELD, (_m, path: string) => show(readPath(activation, path)))
}
