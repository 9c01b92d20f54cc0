/**
 * RFC 4180 CSV for auditors' spreadsheets (evidence-formats.md §4.4): UTF-8
 * with a BOM, CRLF records, a header of snake_case names, quotes only where
 * needed, and a formula guard on text cells. Column documentation goes in a
 * CSVW sidecar, never in the CSV itself.
 */

export type CsvDatatype = 'string' | 'integer' | 'dateTimeStamp'

export interface CsvColumn {
  name: string
  datatype: CsvDatatype
  description: string
}

export const CSV_BOM = '\ufeff'
export const CSV_MEDIA_TYPE = 'text/csv; charset=utf-8; header=present'
export const FORMULA_GUARD = "leading ' added to text cells starting with = + - @ TAB CR NUL"

const FORMULA_START = /^[=+\-@\t\r\0]/
const NEEDS_QUOTES = /[",\r\n]/

/** One field: text cells get the formula guard, then quoting. Integers stay numeric. */
export function csvField(value: string | number | null | undefined, datatype: CsvDatatype): string {
  if (value === null || value === undefined) return ''
  if (datatype === 'integer') return String(value)
  let s = String(value)
  if (datatype === 'string' && FORMULA_START.test(s)) s = `'${s}`
  return NEEDS_QUOTES.test(s) ? `"${s.replaceAll('"', '""')}"` : s
}

export function csvHeader(columns: readonly CsvColumn[], bom: boolean): string {
  return `${bom ? CSV_BOM : ''}${columns.map((c) => csvField(c.name, 'string')).join(',')}\r\n`
}

export function csvRecord(columns: readonly CsvColumn[], values: readonly (string | number | null | undefined)[]): string {
  let line = ''
  for (let i = 0; i < columns.length; i++) {
    if (i > 0) line += ','
    line += csvField(values[i], (columns[i] as CsvColumn).datatype)
  }
  return `${line}\r\n`
}

/** The W3C CSVW sidecar (`<file>.csv-metadata.json`) documenting each column. */
export function csvwMetadata(input: { url: string; title: string; source: string; columns: readonly CsvColumn[]; primaryKey: readonly string[] }): Record<string, unknown> {
  return {
    '@context': 'http://www.w3.org/ns/csvw',
    url: input.url,
    'dc:title': input.title,
    'dc:source': input.source,
    dialect: { encoding: 'utf-8', header: true, lineTerminators: ['\r\n'], doubleQuote: true },
    tableSchema: {
      columns: input.columns.map((c) => ({ name: c.name, titles: c.name, datatype: c.datatype, 'dc:description': c.description })),
      primaryKey: [...input.primaryKey],
    },
  }
}
