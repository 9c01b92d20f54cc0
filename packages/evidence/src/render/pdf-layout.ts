/**
 * The page geometry and the small layout engine the PDF report is drawn
 * with: paragraphs and headings that keep with what follows, and tables with
 * wrapped cells, a full-width detail line, a header repeated on every page and
 * no split when they fit on one page.
 */

export const PAGE = { width: 595.28, height: 841.89 }
export const M = { left: 48, right: 48, top: 54, bottom: 58 }
export const W = PAGE.width - M.left - M.right
export const BOTTOM = PAGE.height - M.bottom
export const INK = '#1f2328'
export const MUTED = '#59636e'
export const LINE = '#d1d9e0'
export const FILL = '#f6f8fa'

export type Doc = PDFKit.PDFDocument

export interface Column {
  header: string
  width: number
  align?: 'left' | 'right'
  mono?: boolean
}

export interface Cell {
  text: string
  color?: string
  bold?: boolean
}

export interface Row {
  cells: Cell[]
  /** A full-width line under the cells, in small monospace (hashes). */
  detail?: string
}

export type RowInput = readonly (Cell | string)[] | { cells: readonly (Cell | string)[]; detail?: string }

export class Layout {
  constructor(readonly doc: Doc) {}

  get y(): number {
    return this.doc.y
  }

  set y(v: number) {
    this.doc.y = v
  }

  /** Starts a new page unless `h` points still fit on this one. */
  ensure(h: number): void {
    if (this.y + h > BOTTOM) {
      this.doc.addPage()
      this.y = M.top
    }
  }

  /** A section title, kept on the page with at least `need` points of what follows. */
  heading(text: string, need = 48): void {
    this.ensure(26 + need)
    this.y += 9
    this.doc.font('bold').fontSize(12.5).fillColor(INK).text(text, M.left, this.y, { width: W })
    this.y += 3
    this.doc.moveTo(M.left, this.y).lineTo(M.left + W, this.y).lineWidth(0.6).strokeColor(LINE).stroke()
    this.y += 7
  }

  /** A paragraph, kept on the page with `need` points of what follows. */
  paragraph(text: string, opts: { size?: number; color?: string; font?: 'sans' | 'bold' | 'mono'; need?: number } = {}): void {
    const { doc } = this
    doc.font(opts.font ?? 'sans').fontSize(opts.size ?? 9.5)
    const h = doc.heightOfString(text, { width: W })
    this.ensure(h + (opts.need ?? 0))
    doc.fillColor(opts.color ?? INK).text(text, M.left, this.y, { width: W })
    this.y += 4
  }

  private cellHeight(cols: readonly Column[], row: Row, size: number): number {
    const { doc } = this
    let h = 0
    cols.forEach((c, i) => {
      doc.font(c.mono === true ? 'mono' : row.cells[i]?.bold === true ? 'bold' : 'sans').fontSize(c.mono === true ? size - 1 : size)
      h = Math.max(h, doc.heightOfString(row.cells[i]?.text ?? '', { width: c.width - 8 }))
    })
    if (row.detail !== undefined) h += doc.font('mono').fontSize(size - 1.5).heightOfString(row.detail, { width: W - 8 }) + 2
    return h + 6
  }

  private drawRow(cols: readonly Column[], row: Row, size: number, h: number, header: boolean, shade: boolean): void {
    const { doc } = this
    const y = this.y
    if (header || shade) doc.rect(M.left, y, W, h).fill(header ? '#eaeef2' : FILL)
    let x = M.left
    let cellsH = 0
    cols.forEach((c, i) => {
      const cell = row.cells[i] ?? { text: '' }
      doc
        .font(header || cell.bold === true ? 'bold' : c.mono === true ? 'mono' : 'sans')
        .fontSize(c.mono === true && !header ? size - 1 : size)
        .fillColor(cell.color ?? INK)
      cellsH = Math.max(cellsH, doc.heightOfString(cell.text, { width: c.width - 8 }))
      doc.text(cell.text, x + 4, y + 3, { width: c.width - 8, align: c.align ?? 'left', lineBreak: true })
      x += c.width
    })
    if (row.detail !== undefined) doc.font('mono').fontSize(size - 1.5).fillColor(MUTED).text(row.detail, M.left + 4, y + 3 + cellsH + 2, { width: W - 8 })
    doc.moveTo(M.left, y + h).lineTo(M.left + W, y + h).lineWidth(0.4).strokeColor(LINE).stroke()
    this.y = y + h
  }

  private prepare(cols: readonly Column[], rows: readonly RowInput[], size: number): { scaled: Column[]; header: Row; cells: Row[]; headH: number; whole: number; start: number } {
    const scaled = cols.map((c) => ({ ...c, width: c.width * W }))
    const header: Row = { cells: scaled.map((c) => ({ text: c.header })) }
    const cells = rows.map((r): Row => {
      const list = Array.isArray(r) ? r : (r as { cells: readonly (Cell | string)[] }).cells
      const detail = Array.isArray(r) ? undefined : (r as { detail?: string }).detail
      return { cells: list.map((c) => (typeof c === 'string' ? { text: c } : c)), ...(detail === undefined ? {} : { detail }) }
    })
    const headH = this.cellHeight(scaled, header, size)
    const heights = cells.map((r) => this.cellHeight(scaled, r, size))
    const whole = headH + heights.reduce((n, h) => n + h, 0) + 6
    // What must fit before the table starts: all of it when it fits on a page, else its header and first row.
    const start = whole <= BOTTOM - M.top ? whole : headH + (heights[0] ?? 0)
    return { scaled, header, cells, headH, whole, start }
  }

  /** The room a table needs on the current page before it starts (for keeping a title with it). */
  tableNeed(cols: readonly Column[], rows: readonly RowInput[], size = 8.5): number {
    return this.prepare(cols, rows, size).start
  }

  /**
   * A table whose header repeats on every page it runs onto; column widths
   * are fractions of the page width. A table that fits on one page is not split.
   */
  table(cols: readonly Column[], rows: readonly RowInput[], size = 8.5): void {
    const { scaled, header, cells, headH, start } = this.prepare(cols, rows, size)
    this.ensure(start)
    this.drawRow(scaled, header, size, headH, true, false)
    cells.forEach((row, i) => {
      const h = this.cellHeight(scaled, row, size)
      if (this.y + h > BOTTOM) {
        this.doc.addPage()
        this.y = M.top
        this.drawRow(scaled, header, size, headH, true, false)
      }
      this.drawRow(scaled, row, size, h, false, i % 2 === 1)
    })
    this.y += 6
  }
}
