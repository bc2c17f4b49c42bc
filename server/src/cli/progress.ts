/**
 * Progress on a terminal as a line redrawn in place; plain lines when output is not a
 * terminal (CI logs get one line per event, never a redrawn bar). A run that counts
 * sentences (annotate) shows its work as it finishes, with an estimate of the time left.
 *
 * The bar, the count before it and the ETA count one unit: the model's
 * questions where documents report them (entities, then relations and NLI after them), else
 * sentences. Notes finish late when several run at once, and sentences are done long before
 * their relations: a bar of notes stayed empty for most of a run, and "sentences 54/54 ·
 * ETA 22 s" read as finished.
 */

/** Sentences finished before an estimate is shown: fewer say little about the rate. */
export const ETA_MIN_SENTENCES = 3;
/** Nor before this long: the first answers may come from the cache. */
export const ETA_MIN_MS = 1000;
/** Redraws at most this often while sentences finish (a terminal need not see each one). */
const REDRAW_MS = 100;

export interface ProgressOptions {
  /** What `total` counts, shown before the count when sentences are counted too ("notes"). */
  unit?: string;
  /** The clock (tests give their own). */
  now?: () => number;
}

/**
 * One document's part in the count: `done` with its sentences done and, where known, its
 * model work (items answered or failed of those planned so far: entities, relations, NLI);
 * `end` when it is over.
 */
export interface SentenceTracker {
  done(sentences: number, work?: { settled: number; planned: number }): void;
  end(): void;
}

export class Progress {
  private lastLine = 0;
  private readonly tty: boolean;
  private readonly now: () => number;
  private done = 0;
  private detail = '';
  private sentencesDone = 0;
  private sentencesTotal = 0;
  private workSettled = 0;
  private workPlanned = 0;
  private documentsStarted = 0;
  private documentsOpen = 0;
  private firstStart: number | undefined;
  private lastDraw = 0;
  /** The bar's fill so far: an estimate of the total grows as relations are planned, the bar never goes back. */
  private filled = 0;

  /** `total` undefined: not known (a streamed corpus): a count without a bar. */
  constructor(
    private readonly total: number | undefined,
    private readonly stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
    private readonly options: ProgressOptions = {},
  ) {
    this.tty = !!stream.isTTY && process.env.CI !== 'true';
    this.now = options.now ?? Date.now;
  }

  get isTty(): boolean {
    return this.tty;
  }

  /** A line about the run (above the bar on a terminal), the counts unchanged. */
  say(event: string): void {
    this.update(this.done, this.detail, event);
  }

  update(done: number, detail: string, event?: string): void {
    this.done = done;
    this.detail = detail;
    const of = this.total === undefined ? '' : `/${this.total}`;
    if (this.tty) {
      this.draw();
      if (event) {
        this.stream.write(`\n${event}\n`);
        this.lastLine = 0;
      }
    } else if (event) {
      this.stream.write(`[${done}${of}] ${event}\n`);
    }
  }

  /** A document whose `total` sentences are analysed now: its count joins the run's. */
  startDocument(total: number): SentenceTracker {
    this.firstStart ??= this.now();
    this.documentsStarted++;
    this.documentsOpen++;
    this.sentencesTotal += total;
    let seen = 0;
    const work = { settled: 0, planned: 0 };
    let open = true;
    return {
      done: (count, now) => {
        if (!open) return;
        if (now) {
          this.workSettled += now.settled - work.settled;
          this.workPlanned += now.planned - work.planned;
          Object.assign(work, now);
        }
        const more = count > seen;
        if (more) {
          this.sentencesDone += count - seen;
          seen = count;
        }
        // Redrawn for the last sentence, and now and then as work goes on (the ETA moves too).
        if (this.tty && ((more && seen === total) || this.now() - this.lastDraw >= REDRAW_MS)) this.draw();
      },
      // A document that failed part way: what it left undone leaves the count.
      end: () => {
        if (!open) return;
        open = false;
        this.documentsOpen--;
        this.sentencesTotal -= total - seen;
        this.workPlanned -= work.planned - work.settled;
      },
    };
  }

  /**
   * The work done and the work there is, in one unit: the model work where documents report
   * it (relations and NLI come after a sentence's entities, so sentences alone would say all
   * done while they run), else the sentences; documents not begun count as the average so
   * far. `estimate`: documents not begun are in the total.
   */
  work(): { unit: 'questions' | 'sentences'; done: number; total: number; estimate: boolean } {
    const questions = this.workPlanned > 0;
    const [done, planned] = questions ? [this.workSettled, this.workPlanned] : [this.sentencesDone, this.sentencesTotal];
    const notBegun = this.total === undefined || this.documentsStarted === 0 ? 0 : Math.max(0, this.total - this.done - this.documentsOpen);
    const total = planned + Math.round((notBegun * planned) / Math.max(1, this.documentsStarted));
    return { unit: questions ? 'questions' : 'sentences', done, total, estimate: notBegun > 0 };
  }

  /** Seconds left, at the rate so far, over the same work the bar and the count show. */
  eta(): number | undefined {
    if (this.firstStart === undefined || this.total === undefined || this.sentencesDone < ETA_MIN_SENTENCES) return undefined;
    const elapsed = this.now() - this.firstStart;
    if (elapsed < ETA_MIN_MS) return undefined;
    const { done, total } = this.work();
    if (done === 0) return undefined;
    return Math.round(((total - done) * elapsed) / done / 1000);
  }

  private draw(): void {
    this.lastDraw = this.now();
    const of = this.total === undefined ? '' : `/${this.total}`;
    const unit = this.options.unit ? `${this.options.unit} ` : '';
    const width = 30;
    let line = '\r';
    if (this.firstStart === undefined) {
      // Nothing analysed yet (documents skipped as already done): the documents are the work.
      if (this.total !== undefined) line += bar(width, this.total ? this.done / this.total : 1);
      line += `${this.done}${of} ${this.detail}`;
    } else {
      const work = this.work();
      if (this.total !== undefined) {
        this.filled = Math.max(this.filled, work.total ? work.done / work.total : 0);
        line += bar(width, this.filled);
      }
      const eta = this.eta();
      const parts = [`${work.unit} ${work.done}/${work.estimate ? '~' : ''}${work.total}`];
      if (eta !== undefined && work.done < work.total) parts.push(`ETA ${formatSeconds(eta)}`);
      parts.push(`${unit}${this.done}${of}`);
      if (this.detail) parts.push(this.detail);
      line += parts.join(' · ');
    }
    this.stream.write(line.padEnd(this.lastLine));
    this.lastLine = line.length;
  }

  finish(): void {
    if (this.tty && this.lastLine) this.stream.write('\n');
  }
}

/** `[#####.....] ` filled to `fraction` (0 to 1). */
function bar(width: number, fraction: number): string {
  const filled = Math.min(width, Math.max(0, Math.round(width * fraction)));
  return `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] `;
}

/** 40 s, 119 s, 3 min 5 s, 2 min, 1 h 2 min: every duration the command line says. */
export function formatSeconds(s: number): string {
  if (s < 120) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
  const min = Math.floor((s % 3600) / 60);
  return `${Math.floor(s / 3600)} h${min ? ` ${min} min` : ''}`;
}
