import { AppError } from '@vigil/core'

export interface Page<T> {
  items: T[]
  /** Pass back as `cursor` for the next page; null on the last page. */
  next_cursor: string | null
}

/** A keyset cursor: the sort key of the last row returned. Opaque to clients. */
export interface Cursor {
  time: string
  id: string
}

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.time, c.id])).toString('base64url')
}

export function decodeCursor(text: string): Cursor {
  try {
    const value: unknown = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'))
    if (Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'string' && !Number.isNaN(Date.parse(value[0]))) {
      return { time: value[0], id: value[1] }
    }
  } catch {
    // fall through
  }
  throw new AppError('invalid_query', 'cursor is not one this API issued')
}

/** Builds a WHERE clause from optional filters, with every value bound as a parameter. */
export class Where {
  readonly clauses: string[] = []
  readonly params: Record<string, unknown> = {}
  private n = 0

  add(sql: (p: (value: unknown, type: string) => string) => string): this {
    this.clauses.push(
      sql((value, type) => {
        const name = `p${this.n++}`
        this.params[name] = value
        return `{${name}:${type}}`
      }),
    )
    return this
  }

  /** `column IN (...)` when values are given. */
  anyOf(column: string, values: readonly string[] | undefined): this {
    if (values !== undefined && values.length > 0) this.add((p) => `${column} IN ${p(values, 'Array(String)')}`)
    return this
  }

  toString(): string {
    return this.clauses.length === 0 ? '' : `WHERE ${this.clauses.join(' AND ')}`
  }
}


/** RFC 3339 for a ClickHouse DateTime64 output. */
export function fromChTime(text: string): string {
  return text.includes('T') ? text : `${text.replace(' ', 'T')}Z`
}

/** RFC 3339 with exactly milliseconds, from a ClickHouse DateTime64 output: for fields vigil itself stamps, compared as text. */
export function fromChTimeMs(text: string): string {
  return new Date(fromChTime(text)).toISOString()
}
