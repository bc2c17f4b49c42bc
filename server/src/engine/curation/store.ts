/**
 * The curated annotations of one note, kept in the `.ann` beside it (annFile.ts says what
 * each line means).
 *
 * - Offsets are those of the note text the store was last given (the editor's text while the
 *   note is open, saved or not): `applyEdit` moves them with every edit of the text, and the
 *   file is written against that text.
 * - Writes are atomic and flushed to disk (../atomicWrite.ts), so a crash leaves the old file
 *   or the new one, never half of one.
 * - Before each change the file is read again when it changed on disk since this store read
 *   or wrote it (another tool, a `git pull`, a second editor): the change is applied on top
 *   of what is on disk, never over it.
 * - When the `.ann` and the text disagree (the note was edited with the `.ann` closed, or
 *   closed unsaved), an entity whose text is not at its offsets is moved to the nearest
 *   place where its text is; if its text is nowhere, it becomes a `Deleted` note. A
 *   rejection whose text is nowhere is kept where it was (as a `Deleted` note is).
 * - A write is refused (WriteRefusedError, nothing on disk changed) when the `.ann` is not
 *   valid UTF-8, is read-only, or belongs to another note of the same name (annAccess.ts);
 *   a symbolic link is written through to its target (../atomicWrite.ts).
 * - An entity whose text is deleted while the note is open becomes a `Deleted` note (with its
 *   relations written into the note's text), and is reported to the caller.
 */
import * as fs from 'node:fs';
import { removeStaleTemporariesOnce, writeFileAtomic, writeTarget, WriteRefusedError } from '../atomicWrite';
import { changedSpan } from '../text/resegment';
import { AssertionStatus } from '../types';
import { annPathOf, ownerConflict, readAnn, refuseWrite } from './annAccess';
import { CuratedEntity, CurationData, emptyCuration, entityText, fragmentsOf, parseCuration, RejectedRelation, SpanNote, writeCuration } from './annFile';
import { setLink, type CuratedConcept } from './annFile';
import { mapSpan, nearest, overlaps, same, Span, TextChange } from './spans';

export { annPathOf };

/** A curated entity's text over `s`: one of its fragments overlaps it. */
const covers = (e: CuratedEntity, s: Span) => fragmentsOf(e).some((f) => overlaps(f, s));

export interface Suggestion extends Span {
  type: string;
  text: string;
}

export interface RelationSuggestion {
  label: string;
  head: Suggestion;
  tail: Suggestion;
}

export class CurationStore {
  private data: CurationData = emptyCuration();
  /** The file's content as this store last read or wrote it (undefined: no file). */
  private onDisk: string | undefined;
  /** Offsets moved by edits and not written yet (`applyEdit` with `writeLater`). */
  private unwritten = false;
  private stamp = '';
  /** Why the file's bytes as last read are not valid UTF-8 (its writes are refused), or undefined. */
  private invalid: string | undefined;
  /** Rejections whose text is no longer in the note: kept where they were, no longer moved by edits. */
  private readonly gone = new WeakSet<SpanNote>();

  private constructor(
    readonly annPath: string,
    private readonly notePath: string,
    private text: string,
  ) {}

  /**
   * The store of the note at `notePath` whose current text is `text`; reads its `.ann` if
   * there is one. Refused (WriteRefusedError) for a file that is no note or whose `.ann`
   * belongs to another note of the same name (annAccess.ts, ownerConflict).
   */
  static open(notePath: string, text: string): CurationStore {
    const conflict = ownerConflict(notePath);
    if (conflict) throw new WriteRefusedError(conflict);
    const store = new CurationStore(annPathOf(notePath), notePath, text);
    // What a writer killed between write and rename left beside the .ann.
    removeStaleTemporariesOnce(writeTarget(store.annPath));
    store.reload();
    return store;
  }

  get noteText(): string {
    return this.text;
  }

  entities(): readonly CuratedEntity[] {
    return this.data.entities;
  }
  relations(): readonly CurationData['relations'][number][] {
    return this.data.relations;
  }
  rejected(): readonly SpanNote[] {
    return this.data.rejected;
  }
  deleted(): readonly SpanNote[] {
    return this.data.deleted;
  }
  rejectedRelations(): readonly RejectedRelation[] {
    return this.data.rejectedRelations;
  }
  entity(id: string): CuratedEntity | undefined {
    return this.data.entities.find((e) => e.id === id);
  }
  /** The curated entity at `offset` (the innermost, when nested). */
  entityAt(offset: number, end = offset): CuratedEntity | undefined {
    return this.data.entities.filter((e) => e.start <= offset && end <= e.end && e.start < e.end).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
  }

  private statOf(): string {
    try {
      const s = fs.statSync(this.annPath);
      return `${s.mtimeMs}:${s.size}:${s.ino}`;
    } catch {
      return 'none';
    }
  }

  /** Reads the file again if it changed on disk since it was last read or written; true if it did. */
  syncFromDisk(): boolean {
    const stamp = this.statOf();
    if (stamp === this.stamp) return false;
    const content = this.readFile();
    this.stamp = stamp;
    if (content === this.onDisk) return false;
    // Another tool wrote the file: it wins, and what waited to be written is anchored again by text.
    this.unwritten = false;
    this.load(content);
    return true;
  }

  private reload(): void {
    this.stamp = this.statOf();
    this.load(this.readFile());
  }

  /** The file's content, or undefined when there is none. */
  private readFile(): string | undefined {
    const { text, invalid } = readAnn(this.annPath);
    this.invalid = invalid;
    return text;
  }

  private load(content: string | undefined): void {
    this.onDisk = content;
    this.data = content === undefined ? emptyCuration() : parseCuration(content);
    this.anchor();
  }

  /** Puts entities and rejections whose text is not at their offsets where it is (see the file comment). */
  private anchor(): void {
    const t = this.text;
    const norm = (x: string) => x.replace(/\s/g, ' ');
    const fits = (s: SpanNote | CuratedEntity, delta = 0) => {
      const spans = fragmentsOf(s).map((f) => ({ start: f.start + delta, end: f.end + delta }));
      const inside = spans.every((f) => f.start >= 0 && f.end <= t.length && f.start < f.end);
      return inside && (s.text === '' || norm(entityText({ ...spans[0], fragments: spans }, t)) === norm(s.text));
    };
    const lost: CuratedEntity[] = [];
    for (const e of this.data.entities) {
      if (fits(e)) continue;
      // A discontinuous entity moves whole: where its first fragment's text is, if the rest fits there.
      const first = e.fragments ? e.text.slice(0, e.fragments[0].end - e.fragments[0].start) : e.text;
      const at = first === '' ? undefined : nearest(t, first, e.start);
      if (at === undefined || (e.fragments && !fits(e, at - e.start))) lost.push(e);
      else this.shift(e, at - e.start);
    }
    for (const e of lost) this.toDeleted(e);
    this.data.rejected = this.data.rejected.map((r) => {
      if (fits(r)) return r;
      const at = nearest(t, r.text, r.start);
      if (at !== undefined) return { ...r, start: at, end: at + r.text.length };
      // Its text is nowhere: kept where it was, as a Deleted note is.
      this.gone.add(r);
      return r;
    });
  }

  private shift(e: CuratedEntity, delta: number): void {
    e.start += delta;
    e.end += delta;
    e.fragments = e.fragments?.map((f) => ({ start: f.start + delta, end: f.end + delta }));
  }

  /** Moves a curated entity into a `Deleted` note, its relations written into the note's text. */
  private toDeleted(e: CuratedEntity, where: Span = e): SpanNote {
    const rels = this.data.relations.filter((r) => r.head === e.id || r.tail === e.id);
    const name = (id: string) => this.entity(id)?.text ?? id;
    const relText = rels.map((r) => `${r.label}(${name(r.head)}, ${name(r.tail)})`).join(', ');
    const statuses = e.statuses.length ? ` [${e.statuses.join(', ')}]` : '';
    const note: SpanNote = { type: e.type, start: where.start, end: where.end, text: `${e.text}${statuses}${relText ? `; relations: ${relText}` : ''}` };
    this.data.relations = this.data.relations.filter((r) => !rels.includes(r));
    this.data.entities = this.data.entities.filter((x) => x !== e);
    this.data.deleted.push(note);
    return note;
  }

  /**
   * The note's text is now `text`, changed in one place: between the longest common prefix
   * and suffix of the text before and this one (what an editor's whole-text update says).
   */
  changeTextTo(text: string, options: { writeLater?: boolean } = {}): SpanNote[] {
    return this.applyEdit([changedSpan(this.text, text)], text, options);
  }

  /**
   * The note text changed by `changes` (in order, each in the coordinates of the text after
   * the previous one) into `text`. Returns the curated entities whose text was deleted, now
   * kept as `Deleted` notes. The file is written when anything in it moved.
   */
  applyEdit(
    changes: readonly TextChange[],
    text: string,
    /**
     * Typing: the moved offsets are written by `flush` (the editor calls it once typing
     * pauses), not with an fsync per keystroke. Text deleted under a curated entity is
     * written at once all the same. Until the flush the file fits an earlier text, which
     * reading it anchors by text again (see the file comment), as for any `.ann` written
     * against another version of the note.
     */
    options: { writeLater?: boolean } = {},
  ): SpanNote[] {
    // What another tool wrote meanwhile is read first (against the text before the edit).
    this.syncFromDisk();
    const orphans: SpanNote[] = [];
    for (const c of changes) {
      for (const e of [...this.data.entities]) {
        // Each fragment of a discontinuous entity moves on its own; the entity goes with the last.
        const moved = fragmentsOf(e).flatMap((f) => mapSpan(f, c) ?? []);
        if (moved.length === 0) {
          orphans.push(this.toDeleted(e, { start: e.start, end: e.end }));
          continue;
        }
        [e.start, e.end] = [moved[0].start, moved[moved.length - 1].end];
        if (moved.length > 1) e.fragments = moved;
        else delete e.fragments;
      }
      this.data.rejected = this.data.rejected.map((r) => {
        if (this.gone.has(r)) return r;
        const m = mapSpan(r, c);
        // A rejection whose text is gone can match nothing again, but is kept where it was.
        if (!m) this.gone.add(r);
        return m ? { ...r, ...m } : r;
      });
      this.data.rejectedRelations = this.data.rejectedRelations.flatMap((r) => {
        const head = mapSpan(r.head, c);
        const tail = mapSpan(r.tail, c);
        return head && tail ? [{ ...r, head, tail }] : [];
      });
    }
    this.text = text;
    for (const e of this.data.entities) e.text = entityText(e, text);
    // A rejection keeps the text it was made for: once that text changes, the suggestion may come back.
    if (options.writeLater && orphans.length === 0) this.unwritten = true;
    else this.write();
    return orphans;
  }

  /** Writes what edits moved and `applyEdit` left for later; nothing if nothing waits. */
  flush(): void {
    if (this.unwritten) this.write();
  }

  private write(): void {
    this.unwritten = false;
    const content = writeCuration(this.data, this.text);
    if (content === this.onDisk) return;
    try {
      refuseWrite(this.annPath, this.notePath, this.invalid);
      writeFileAtomic(this.annPath, content);
    } catch (err) {
      // Nothing was written: the store shows what the file holds, not the refused change.
      this.load(this.onDisk);
      throw err;
    }
    this.onDisk = content;
    this.stamp = this.statOf();
  }

  /** Applies one change on top of what is on disk now, and writes the file. */
  private commit<T>(change: () => T): T {
    this.syncFromDisk();
    const result = change();
    this.write();
    return result;
  }

  private freshId(prefix: 'T' | 'R'): string {
    // Ids the kept lines name too (an attribute of a missing T9): a new T9 would take it over.
    const named = this.data.other.flatMap((l) => l.match(/\b[TR]\d+\b/g) ?? []);
    const used = new Set([
      ...this.data.entities.map((e) => e.id),
      ...this.data.relations.map((r) => r.id),
      ...this.data.other.map((l) => l.split('\t')[0]),
      ...named,
    ]);
    let n = 1;
    while (used.has(`${prefix}${n}`)) n++;
    return `${prefix}${n}`;
  }

  private ensureEntity(s: Span & { type: string }, statuses: AssertionStatus[] = []): CuratedEntity {
    const existing = this.data.entities.find((e) => same(e, s) && e.type === s.type && !e.fragments);
    if (existing) return existing;
    const e: CuratedEntity = {
      id: this.freshId('T'),
      type: s.type,
      start: s.start,
      end: s.end,
      text: this.text.slice(s.start, s.end),
      statuses: [...statuses],
    };
    this.data.entities.push(e);
    this.data.rejected = this.data.rejected.filter((r) => !same(r, s));
    return e;
  }

  /** Accepts a suggestion (or annotates a span) as a curated entity; a no-op if it is curated already. */
  accept(s: Span & { type: string }, statuses: AssertionStatus[] = []): CuratedEntity {
    return this.acceptAll([{ ...s, statuses }])[0];
  }

  /** Accepts several suggestions in one change (one write of the file). */
  acceptAll(list: readonly (Span & { type: string; statuses?: AssertionStatus[] })[]): CuratedEntity[] {
    for (const s of list) if (!(s.start >= 0 && s.end > s.start && s.end <= this.text.length)) throw new Error(`No text at ${s.start}-${s.end} to annotate.`);
    return this.commit(() => list.map((s) => this.ensureEntity(s, s.statuses)));
  }

  /**
   * Rejects a suggestion: it will not be suggested again for this text and span. A curated
   * entity at exactly that span goes too, with its relations.
   */
  reject(s: Span & { type: string }): void {
    this.commit(() => {
      for (const e of this.data.entities.filter((x) => same(x, s))) this.remove(e.id);
      if (!this.data.rejected.some((r) => same(r, s) && r.text === this.text.slice(s.start, s.end)))
        this.data.rejected.push({ type: s.type, start: s.start, end: s.end, text: this.text.slice(s.start, s.end) });
    });
  }

  private remove(id: string): void {
    this.data.entities = this.data.entities.filter((e) => e.id !== id);
    this.data.relations = this.data.relations.filter((r) => r.head !== id && r.tail !== id);
  }

  changeType(id: string, type: string): void {
    this.commit(() => {
      const e = this.need(id);
      e.type = type;
    });
  }

  /** The link decision on a curated entity: its concepts, [] for none fits, undefined to clear it (not reviewed). */
  setLink(id: string, concepts: readonly CuratedConcept[] | undefined): void {
    this.commit(() => setLink(this.need(id), concepts));
  }

  adjust(id: string, span: Span): void {
    if (!(span.start >= 0 && span.end > span.start && span.end <= this.text.length)) throw new Error(`No text at ${span.start}-${span.end}.`);
    this.commit(() => {
      const e = this.need(id);
      [e.start, e.end] = [span.start, span.end];
      delete e.fragments;
      e.text = this.text.slice(span.start, span.end);
    });
  }

  setStatus(id: string, status: AssertionStatus, on: boolean): void {
    this.commit(() => {
      const e = this.need(id);
      e.statuses = on ? [...new Set([...e.statuses, status])] : e.statuses.filter((s) => s !== status);
    });
  }

  /** Accepts a relation suggestion: its two entities are accepted too when they are not yet. */
  acceptRelation(r: RelationSuggestion): void {
    this.commit(() => {
      const head = this.ensureEntity(r.head);
      const tail = this.ensureEntity(r.tail);
      this.data.rejectedRelations = this.data.rejectedRelations.filter((x) => !(x.label === r.label && same(x.head, r.head) && same(x.tail, r.tail)));
      if (!this.data.relations.some((x) => x.label === r.label && x.head === head.id && x.tail === tail.id)) {
        this.data.relations.push({ id: this.freshId('R'), label: r.label, head: head.id, tail: tail.id });
      }
    });
  }

  rejectRelation(r: RelationSuggestion): void {
    this.commit(() => {
      const ids = (s: Span) => new Set(this.data.entities.filter((e) => same(e, s)).map((e) => e.id));
      const heads = ids(r.head);
      const tails = ids(r.tail);
      this.data.relations = this.data.relations.filter((x) => !(x.label === r.label && heads.has(x.head) && tails.has(x.tail)));
      if (!this.data.rejectedRelations.some((x) => x.label === r.label && same(x.head, r.head) && same(x.tail, r.tail))) {
        this.data.rejectedRelations.push({
          label: r.label,
          head: { start: r.head.start, end: r.head.end },
          tail: { start: r.tail.start, end: r.tail.end },
          text: `${r.head.text} -> ${r.tail.text}`,
        });
      }
    });
  }

  private need(id: string): CuratedEntity {
    const e = this.entity(id);
    if (!e) throw new Error(`No curated entity ${id} in ${this.annPath}.`);
    return e;
  }

  /** Reviewed: a curated entity overlaps it, or it was rejected for this very span and text. */
  isReviewed(s: Suggestion): boolean {
    return this.data.entities.some((e) => covers(e, s)) || this.data.rejected.some((r) => same(r, s) && r.text === this.text.slice(s.start, s.end));
  }

  /** Reviewed: accepted (both entities curated, the relation there) or rejected. */
  isRelationReviewed(r: RelationSuggestion): boolean {
    if (this.data.rejectedRelations.some((x) => x.label === r.label && same(x.head, r.head) && same(x.tail, r.tail))) return true;
    const at = (s: Span) => new Set(this.data.entities.filter((e) => same(e, s)).map((e) => e.id));
    const heads = at(r.head);
    const tails = at(r.tail);
    return this.data.relations.some((x) => x.label === r.label && heads.has(x.head) && tails.has(x.tail));
  }
}
