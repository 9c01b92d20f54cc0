import { readFileSync } from 'node:fs'
import { createHash } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { csvField, csvHeader, csvRecord, csvwMetadata, type CsvColumn } from './csv.js'

const DIR = new URL('../../../../shared/fixtures/evidence-formats/population/', import.meta.url)

/** A plain RFC 4180 reader, enough to take the fixture apart again. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = []
  let row: string[] = []
  let field = ''
  let quoted = false
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++
      else if (c === '"') quoted = false
      else field += c
    } else if (c === '"') quoted = true
    else if (c === ',') row.push(field), (field = '')
    else if (c === '\r' && text[i + 1] === '\n') row.push(field), rows.push(row), (row = []), (field = ''), i++
    else field += c
  }
  return rows
}

describe('population CSV', () => {
  it('reproduces the fixture byte for byte, with the SHA-256 its manifest states', () => {
    const bytes = readFileSync(new URL('rbac_changes.csv', DIR))
    const manifest = JSON.parse(readFileSync(new URL('rbac_changes.population.json', DIR), 'utf8'))
    const meta = JSON.parse(readFileSync(new URL('rbac_changes.csv-metadata.json', DIR), 'utf8'))
    const columns: CsvColumn[] = meta.tableSchema.columns.map((c: Record<string, string>) => ({ name: c['name'], datatype: c['datatype'], description: c['dc:description'] }))
    const [header, ...records] = parseCsv(bytes.toString('utf8').replace(/^\ufeff/, ''))
    expect(header).toEqual(columns.map((c) => c.name))
    expect(records).toHaveLength(manifest.row_count)
    // Undo the guard the fixture applied, then render the values again.
    const values = records.map((r) => r.map((v, i) => (columns[i]?.datatype === 'string' && /^'[=+\-@\t\r\0]/.test(v) ? v.slice(1) : v)))
    const out = csvHeader(columns, true) + values.map((v) => csvRecord(columns, v)).join('')
    expect(Buffer.from(out, 'utf8').equals(bytes)).toBe(true)
    expect(createHash('sha256').update(out, 'utf8').digest('hex')).toBe(manifest.files[0].sha256)
    expect(csvwMetadata({ url: meta.url, title: meta['dc:title'], source: meta['dc:source'], columns, primaryKey: meta.tableSchema.primaryKey })).toEqual(meta)
  })

  it('guards formulas in text cells but leaves integers numeric', () => {
    expect(csvField('=HYPERLINK("x")', 'string')).toBe(`"'=HYPERLINK(""x"")"`)
    expect(csvField('+1', 'string')).toBe("'+1")
    expect(csvField('@sum', 'string')).toBe("'@sum")
    expect(csvField('\tx', 'string')).toBe("'\tx")
    expect(csvField(-5, 'integer')).toBe('-5')
    expect(csvField('a,b', 'string')).toBe('"a,b"')
    expect(csvField('line\nbreak', 'string')).toBe('"line\nbreak"')
    expect(csvField(null, 'string')).toBe('')
    expect(csvField('plain', 'string')).toBe('plain')
  })
})
