/**
 * Curation in the editor, a thin adapter over engine/curation: where
 * `biomedNlp.curation.enabled` is on for a note, the model's entities not yet reviewed are
 * suggestions (token modifier `suggested`), the curated ones in the note's `.ann` are shown
 * with `curated`; code actions and the `biomedNlp/curate` request accept, reject, correct
 * and add entities, relations and statuses (curationActions.ts); `biomedNlp/curationReview`
 * gives the review's progress and the unreviewed suggestions in order (Next / Previous
 * Suggestion); `biomedNlp/curationAgreement` scores the model against the curated entities,
 * for the note and for the open curated notes of its folder (engine/eval/agreement.ts, the
 * scorer of `biomed agreement`). Each note's store lives in its NoteSession.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Connection, Emitter, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { AgreementScorer, CurationStore, InputError, isEntityType, Mention, NoteAnalysis } from '../engine';
import { AgreementTable, CurationAgreementResult } from '../protocol/protocol';
import { CurationChangedNotification, CurationDeletedNotification, CurationItem, CurationReviewResult } from '../protocol/protocol';
import { localPath } from './files';
import { NoteSession, NoteSessions } from './noteSession';
import { Notify } from './requests';
import { lspRange } from './ranges';

export type CurationMention = Mention & { suggested?: boolean; curated?: boolean };

/** How long after the last edit of a curated note its `.ann` is written (offsets moved by typing). */
const CURATION_WRITE_DELAY_MS = 300;

export class Curation {
  constructor(
    private readonly connection: Connection,
    /** The server's own notifications (ServerContext.notify). */
    private readonly notify: Notify,
    readonly documents: TextDocuments<TextDocument>,
    private readonly sessions: NoteSessions,
    /** `biomedNlp.curation.enabled` for a note, from the server's own settings lookup. */
    private readonly enabledFor: (uri: string) => Promise<boolean>,
  ) {}

  /** What is curated changed (styles of tokens, the panel's figures): server.ts wires who follows. */
  readonly curatedChanged = new Emitter<void>();
  /** A folder's curated sentences changed (an action, or an open note's `.ann` on disk): its notes' few-shot examples follow. */
  readonly examplesChanged = new Emitter<string>();

  /** Tells those who show curation that it changed. */
  refresh(): void {
    this.curatedChanged.fire();
  }

  /** The analysis of the note's current version, if any. */
  current(uri: string): NoteAnalysis | undefined {
    return this.sessions.get(uri)?.current()?.analysis;
  }

  private storeSessions(): NoteSession[] {
    return this.sessions.all().filter((s) => s.curation);
  }

  /** Opens (or drops) the note's store as the setting says; on open and on a settings change. */
  async update(doc: TextDocument): Promise<void> {
    const file = localPath(doc.uri);
    const on = file !== undefined && (await this.enabledFor(doc.uri));
    const session = this.sessions.get(doc.uri);
    const latest = session?.doc;
    if (!session || !latest) return;
    if (!on || file === undefined) {
      // Curation switched off: what typing moved is still written, then the store goes.
      this.writeNow(session);
      session.refuseCuration(undefined);
      if (session.curation) {
        session.setCuration(undefined);
        this.refresh();
        this.notify(CurationChangedNotification, { uri: doc.uri, enabled: false });
      }
      return;
    }
    if (session.curation) return;
    try {
      session.setCuration(CurationStore.open(file, latest.getText()));
    } catch (err) {
      // Refused (another note owns the .ann): an action on the note says why.
      if (err instanceof InputError) session.refuseCuration(err.message);
      this.report(session, err);
      return;
    }
    // Closing the note writes what typing moved (the session then drops the store with itself).
    session.writeCurationOnClose(() => this.writeNow(session));
    this.refresh();
    // The client may have asked for the review before the store opened (a note open at startup).
    this.notify(CurationChangedNotification, { uri: doc.uri, enabled: true });
  }

  /** The text changed: offsets follow it (one change: the text between the common prefix and suffix). */
  changed(doc: TextDocument): void {
    const session = this.sessions.get(doc.uri);
    const store = session?.curation;
    if (!session || !store) return;
    const before = store.noteText;
    const after = doc.getText();
    if (before === after) return;
    try {
      const orphans = store.changeTextTo(after, { writeLater: true });
      this.scheduleWrite(session);
      if (orphans.length) {
        const deleted = orphans.map((o) => ({ type: o.type, text: o.text }));
        this.connection.console.warn(
          `[curation] ${doc.uri}: the text of ${orphans.length} curated entit${orphans.length === 1 ? 'y' : 'ies'} was deleted; kept as Deleted notes in ${store.annPath}`,
        );
        this.notify(CurationDeletedNotification, { uri: doc.uri, deleted });
      }
    } catch (err) {
      this.report(session, err);
    }
  }

  /**
   * A store's error in the log; a refusal (nothing written: read-only, not UTF-8, another
   * note's .ann) is also shown to the user, once for each reason while the note is open.
   */
  private report(session: NoteSession, err: unknown): void {
    const message = (err as Error).message;
    this.connection.console.error(`[curation] ${session.uri}: ${message}`);
    if (!(err instanceof InputError) || !session.firstShown(message)) return;
    void this.connection.window.showErrorMessage(`Biomed NLP: ${message}`);
  }

  /** Why curation was refused for the note (CurationStore.open), or undefined. */
  refusal(uri: string): string | undefined {
    return this.sessions.get(uri)?.curationRefused;
  }

  /** The moved offsets are written once typing pauses (an fsync per keystroke would hold the server). */
  private scheduleWrite(session: NoteSession): void {
    session.scheduleCurationWrite(CURATION_WRITE_DELAY_MS, () => this.writeNow(session));
  }

  /** Writes at once what waits for `uri` (typing paused, the note closes, curation is switched off). */
  private writeNow(session: NoteSession): void {
    session.takeCurationWrite();
    try {
      session.curation?.flush();
    } catch (err) {
      this.report(session, err);
    }
  }

  /** Writes what waits for every note (the server is shutting down). */
  flushAll(): void {
    for (const session of this.storeSessions()) if (session.takeCurationWrite()) this.writeNow(session);
  }

  isActive(uri: string): boolean {
    return !!this.sessions.get(uri)?.curation;
  }

  /**
   * An `.ann` changed on disk (the client's file watcher): the open note it belongs to shows
   * what it now holds. False when it is no open note's.
   */
  annChanged(annPath: string): boolean {
    let own = false;
    for (const session of this.storeSessions()) {
      if (session.curation!.annPath !== annPath) continue;
      own = true;
      this.storeOf(session.uri);
    }
    return own;
  }

  /**
   * The store of an open note, read again if its `.ann` changed on disk. Whoever finds the
   * change (the file watcher, or a request that came first) tells the editor, so the tokens,
   * the panel and the review progress all follow it.
   */
  storeOf(uri: string): CurationStore | undefined {
    const session = this.sessions.get(uri);
    const store = session?.curation;
    const doc = session?.doc;
    if (!store || !doc || store.noteText !== doc.getText()) return undefined;
    let changed = false;
    try {
      changed = store.syncFromDisk();
    } catch (err) {
      this.report(session!, err);
    }
    if (changed) {
      this.refresh();
      this.notify(CurationChangedNotification, { uri, enabled: true });
      this.examplesChanged.fire(path.dirname(store.annPath));
    }
    return store;
  }

  /**
   * Suggestions of the current analysis not yet reviewed, in document order; with `range`,
   * those of the sentences around it (a token request, a cursor: not the whole note's).
   */
  suggestions(store: CurationStore, analysis: NoteAnalysis | undefined, range?: { start: number; end: number }): Mention[] {
    return (analysis?.entities(range) ?? []).filter((m) => !store.isReviewed(m)).sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** The unreviewed suggestions inside the analysed sentence at `offset`; undefined where there is none. */
  sentenceSuggestions(store: CurationStore, analysis: NoteAnalysis | undefined, offset: number): Mention[] | undefined {
    const sentence = analysis?.sentences.find((s) => s.start <= offset && offset <= s.end);
    return sentence && this.suggestions(store, analysis, sentence).filter((m) => m.start >= sentence.start && m.end <= sentence.end);
  }

  /** What the semantic tokens show where curation is on: curated entities and unreviewed suggestions; undefined where it is off. */
  mentions(uri: string, range?: { start: number; end: number }): CurationMention[] | undefined {
    const store = this.storeOf(uri);
    if (!store) return undefined;
    const analysis = this.current(uri);
    const inRange = (m: { start: number; end: number }) => !range || (m.end > range.start && m.start < range.end);
    const text = store.noteText;
    // A discontinuous entity shows its fragments only, not the gap between them.
    const curated: CurationMention[] = store
      .entities()
      .filter((e) => isEntityType(e.type))
      .flatMap((e) => (e.fragments ?? [e]).filter(inRange).map((f) => ({ e, f })))
      .map(({ e, f }) => ({
        start: f.start,
        end: f.end,
        type: e.type as Mention['type'],
        text: text.slice(f.start, f.end),
        curated: true,
        ...Object.fromEntries(e.statuses.map((s) => [s, true])),
      }));
    const suggested: CurationMention[] = this.suggestions(store, analysis, range)
      .filter(inRange)
      .map((m) => ({ ...m, suggested: true }));
    return [...curated, ...suggested];
  }

  review(uri: string): CurationReviewResult | null {
    const doc = this.sessions.get(uri)?.doc;
    if (!doc) return null;
    const store = this.storeOf(uri);
    const empty = { reviewed: 0, total: 0, suggestions: [], curated: [], deleted: [], pending: false };
    if (!store) return { enabled: false, ...empty };
    const analysis = this.current(uri);
    const all = analysis?.entities() ?? [];
    const open = this.suggestions(store, analysis);
    const item = (m: { start: number; end: number; type: string; text: string }): CurationItem => ({
      range: lspRange(doc, m),
      type: m.type,
      text: doc.getText().slice(m.start, m.end),
    });
    return {
      enabled: true,
      reviewed: all.length - open.length,
      total: all.length,
      suggestions: open.map(item),
      curated: [...store.entities()].sort((a, b) => a.start - b.start).map(item),
      deleted: store.deleted().map((d) => ({ type: d.type, text: d.text })),
      pending: analysis ? !analysis.isComplete : true,
      annPath: store.annPath,
    };
  }

  /**
   * The model's entities an annotator reviewed (accepted, corrected or rejected; the
   * suggestions not reviewed yet are not scored, only counted) against the curated entities: strict and overlap P/R/F1 per type, for the note and for the open notes
   * of its folder with curation on whose `.ann` exists. A `.ann` of the folder whose note is
   * not open cannot be scored (the model's entities are not known): it is named in `notOpen`.
   */
  agreement(uri: string): CurationAgreementResult | null {
    if (!this.sessions.get(uri)?.doc) return null;
    const store = this.storeOf(uri);
    if (!store) return { enabled: false, pending: false };
    const dir = path.dirname(store.annPath);
    // The folder's open curated notes, each store read (and synced from disk) once.
    const open = new Map<string, { uri: string; store: CurationStore }>();
    for (const { uri: u } of this.storeSessions()) {
      const s = u === uri ? store : this.storeOf(u);
      if (s && path.dirname(s.annPath) === dir) open.set(path.resolve(s.annPath), { uri: u, store: s });
    }
    const storeOfUri = new Map([...open.values()].map((o) => [o.uri, o.store]));
    const table = (uris: string[]): AgreementTable => {
      const scorer = new AgreementScorer();
      let mentions = 0;
      let reviewed = 0;
      let curated = 0;
      for (const u of uris) {
        const s = storeOfUri.get(u);
        const text = this.sessions.get(u)?.doc?.getText();
        if (!s || text === undefined) continue;
        // Only what was reviewed is scored: an unreviewed suggestion is neither right nor wrong yet.
        const found = this.current(u)?.entities() ?? [];
        const scored = found.filter((m) => s.isReviewed(m));
        const gold = s.entities();
        mentions += found.length;
        reviewed += scored.length;
        curated += gold.length;
        scorer.add(u, text, gold, scored);
      }
      const { strict, overlap } = scorer.result().score;
      return { notes: uris.length, reviewed, mentions, curated, strict, overlap };
    };
    const analysisOf = (u: string) => this.current(u);
    let anns: string[] = [];
    try {
      anns = fs
        .readdirSync(dir)
        .filter((n) => n.endsWith('.ann'))
        .sort();
    } catch {
      // The folder went away: the note alone.
    }
    const folderUris = [uri, ...anns.map((n) => open.get(path.resolve(dir, n))?.uri).filter((u): u is string => u !== undefined && u !== uri)];
    const notOpen = anns.filter((n) => !open.has(path.resolve(dir, n)));
    const pending = folderUris.some((u) => !(analysisOf(u)?.isComplete ?? false));
    return { enabled: true, pending, note: table([uri]), folder: { ...table(folderUris), notOpen } };
  }
}
