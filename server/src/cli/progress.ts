/** Progress on a terminal as a bar redrawn in place; plain lines when output is not a terminal. */
export class Progress {
  private lastLine = 0;
  private readonly tty: boolean;

  /** `total` undefined: not known (a streamed corpus): a count without a bar. */
  constructor(
    private readonly total: number | undefined,
    private readonly stream: NodeJS.WriteStream = process.stderr,
  ) {
    this.tty = !!stream.isTTY && process.env.CI !== 'true';
  }

  get isTty(): boolean {
    return this.tty;
  }

  update(done: number, detail: string, event?: string): void {
    const of = this.total === undefined ? '' : `/${this.total}`;
    if (this.tty) {
      const width = 30;
      const filled = this.total ? Math.round((width * done) / this.total) : width;
      const bar = this.total === undefined ? '' : `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
      this.stream.write(`\r${bar}${done}${of} ${detail}`.padEnd(this.lastLine));
      this.lastLine = 40 + detail.length;
      if (event) {
        this.stream.write(`\n${event}\n`);
        this.lastLine = 0;
      }
    } else if (event) {
      this.stream.write(`[${done}${of}] ${event}\n`);
    }
  }

  finish(): void {
    if (this.tty && this.lastLine) this.stream.write('\n');
  }
}
