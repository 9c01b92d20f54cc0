/** A one-line progress bar on a terminal; silent elsewhere. */
export class Progress {
  private last = 0

  constructor(
    private readonly stream: NodeJS.WritableStream,
    private readonly enabled: boolean,
    private readonly total: number,
  ) {}

  update(done: number, detail: string): void {
    if (!this.enabled) return
    const now = Date.now()
    if (now - this.last < 100 && done < this.total) return
    this.last = now
    const ratio = this.total === 0 ? 1 : Math.min(1, done / this.total)
    const width = 30
    const filled = Math.round(ratio * width)
    this.stream.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(ratio * 100).toFixed(0).padStart(3)}%  ${detail}\u001b[K`)
  }

  finish(): void {
    if (this.enabled) this.stream.write('\r\u001b[K')
  }
}
