/**
 * Curation in the editor, a thin adapter over engine/curation: where
 * `biomedNlp.curation.enabled` is on for a note, the model's entities not yet reviewed are
 * suggestions (token modifier `suggested`), the curated ones in the note's `.ann` are shown
 * with `curated`; code actions and the `biomedNlp/curate` request accept, reject, correct
 * and add entities, relations and statuses; `biomedNlp/curationReview` gives the review's
 * progress and the unreviewed suggestions in order (Next / Previous Suggestion);
 * `biomedNlp/curationAgreement` scores the model against the curated entities, for the note
 * and for the open curated notes of its folder (engine/eval/conlleval.ts, as `biomed agreement`).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { CodeAction, CodeActionKind, CodeActionParams, Connection, TextDocuments } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { CurationStore, Suggestion } from '../engine/curation/store';
import { scoreSpans, Span } from '../engine/eval/conlleval';
import { DocumentAnalysis } from '../engine/pipeline/analysis';
import { ASSERTION_STATUSES, AssertionStatus, CLINICAL_TYPES, ENTITY_TYPES, isEntityType, LITERATURE_TYPES, Mention } from '../engine/types';
import { AgreementTable, CurationAgreementResult } from '../protocol/protocol';
import { changedSpan } from '../engine/text/resegment';
import { statusesOf } from '../engine/formats/document';
import { CurateCommand, CurateParams, CurateResult, CurationChangedNotification, CurationDeletedNotification, CurationItem, CurationReviewResult } from '../protocol/protocol';
import { localPath } from './files';
import { sendNotification } from './requests';
import { lspRange, offsetSpan } from './ranges';

export type CurationMention = Mention & { suggested?: boolean; curated?: boolean };

type Current = (uri: string) => { doc: TextDocument; analysis: DocumentAnalysis } | undefined;

const quote = (s: string) => `“${s.length > 40 ? s.slice(0, 39) + '…' : s}”`;

/** How long after the last edit of a curated note its `.ann` is written (offsets moved by typing). */
const CURATION_WRITE_DELAY_MS = 300;

export class Curation {
  private readonly stores = new Map<string, CurationStore>();
  /** Per note, the write that waits for typing to pause. */
  private readonly writeTimers = new Map<string, NodeJS.Timeout>();

  constructor(
    private readonly connection: Connection,
    private readonly documents: TextDocuments<TextDocument>,
    private readonly current: Current,
    /** `biomedNlp.curation.enabled` for a note, from the server's own settings lookup. */
    private readonly enabledFor: (uri: string) => Promise<boolean>,
    private readonly refresh: () => void,
    /** An open note's `.ann` was found changed on disk (its curated sentences are few-shot examples of the folder). */
    private readonly diskChanged: (annPath: string) => void,
  ) {}

  /** Opens (or drops) the note's store as the setting says; on open and on a settings change. */
  async update(doc: TextDocument): Promise<void> {
    const file = localPath(doc.uri);
    const on = file !== undefined && (await this.enabledFor(doc.uri));
    const latest = this.documents.get(doc.uri);
    if (!latest) return;
    if (!on || file === undefined) {
      // Curation switched off: what typing moved is still written, then the store goes.
      this.writeNow(doc.uri);
      if (this.stores.delete(doc.uri)) {
        this.refresh();
        sendNotification(this.connection, CurationChangedNotification, { uri: doc.uri, enabled: false });
      }
      return;
    }
    if (this.stores.has(doc.uri)) return;
    try {
      this.stores.set(doc.uri, CurationStore.open(file, latest.getText()));
    } catch (err) {
      this.connection.console.error(`[curation] ${doc.uri}: ${(err as Error).message}`);
      return;
    }
    this.refresh();
    // The client may have asked for the review before the store opened (a note open at startup).
    sendNotification(this.connection, CurationChangedNotification, { uri: doc.uri, enabled: true });
  }

  /** The text changed: offsets follow it (one change: the text between the common prefix and suffix). */
  changed(doc: TextDocument): void {
    const store = this.stores.get(doc.uri);
    if (!store) return;
    const before = store.noteText;
    const after = doc.getText();
    if (before === after) return;
    try {
      const orphans = store.applyEdit([changedSpan(before, after)], after, { writeLater: true });
      this.scheduleWrite(doc.uri);
      if (orphans.length) {
        const deleted = orphans.map((o) => ({ type: o.type, text: o.text }));
        this.connection.console.warn(`[curation] ${doc.uri}: the text of ${orphans.length} curated entit${orphans.length === 1 ? 'y' : 'ies'} was deleted; kept as Deleted notes in ${store.annPath}`);
        sendNotification(this.connection, CurationDeletedNotification, { uri: doc.uri, deleted });
      }
    } catch (err) {
      this.connection.console.error(`[curation] ${doc.uri}: ${(err as Error).message}`);
    }
  }

  /** The moved offsets are written once typing pauses (an fsync per keystroke would hold the server). */
  private scheduleWrite(uri: string): void {
    clearTimeout(this.writeTimers.get(uri));
    this.writeTimers.set(uri, setTimeout(() => this.writeNow(uri), CURATION_WRITE_DELAY_MS));
  }

  /** Writes at once what waits for `uri` (typing paused, the note closes, curation is switched off). */
  private writeNow(uri: string): void {
    clearTimeout(this.writeTimers.get(uri));
    this.writeTimers.delete(uri);
    try {
      this.stores.get(uri)?.flush();
    } catch (err) {
      this.connection.console.error(`[curation] ${uri}: ${(err as Error).message}`);
    }
  }

  /** Writes what waits for every note (the server is shutting down). */
  flushAll(): void {
    for (const uri of [...this.writeTimers.keys()]) this.writeNow(uri);
  }

  closed(uri: string): void {
    this.writeNow(uri);
    this.stores.delete(uri);
  }

  isActive(uri: string): boolean {
    return this.stores.has(uri);
  }

  /**
   * An `.ann` changed on disk (the client's file watcher): the open note it belongs to shows
   * what it now holds. False when it is no open note's.
   */
  annChanged(annPath: string): boolean {
    let own = false;
    for (const [uri, store] of this.stores) {
      if (store.annPath !== annPath) continue;
      own = true;
      this.storeOf(uri);
    }
    return own;
  }

  /**
   * The store of an open note, read again if its `.ann` changed on disk. Whoever finds the
   * change (the file watcher, or a request that came first) tells the editor, so the tokens,
   * the panel and the review progress all follow it.
   */
  private storeOf(uri: string): CurationStore | undefined {
    const store = this.stores.get(uri);
    const doc = this.documents.get(uri);
    if (!store || !doc || store.noteText !== doc.getText()) return undefined;
    let changed = false;
    try {
      changed = store.syncFromDisk();
    } catch (err) {
      this.connection.console.error(`[curation] ${uri}: ${(err as Error).message}`);
    }
    if (changed) {
      this.refresh();
      sendNotification(this.connection, CurationChangedNotification, { uri, enabled: true });
      this.diskChanged(store.annPath);
    }
    return store;
  }

  /**
   * Suggestions of the current analysis not yet reviewed, in document order; with `range`,
   * those of the sentences around it (a token request, a cursor: not the whole note's).
   */
  private suggestions(store: CurationStore, analysis: DocumentAnalysis | undefined, range?: { start: number; end: number }): Mention[] {
    return (analysis?.entities(range) ?? []).filter((m) => !store.isReviewed(m)).sort((a, b) => a.start - b.start || a.end - b.end);
  }

  /** The unreviewed suggestions inside the analysed sentence at `offset`; undefined where there is none. */
  private sentenceSuggestions(store: CurationStore, analysis: DocumentAnalysis | undefined, offset: number): Mention[] | undefined {
    const sentence = analysis?.sentences.find((s) => s.start <= offset && offset <= s.end);
    return sentence && this.suggestions(store, analysis, sentence).filter((m) => m.start >= sentence.start && m.end <= sentence.end);
  }

  /** What the semantic tokens show where curation is on: curated entities and unreviewed suggestions; undefined where it is off. */
  mentions(uri: string, range?: { start: number; end: number }): CurationMention[] | undefined {
    const store = this.storeOf(uri);
    if (!store) return undefined;
    const analysis = this.current(uri)?.analysis;
    const inRange = (m: { start: number; end: number }) => !range || (m.end > range.start && m.start < range.end);
    const curated: CurationMention[] = store
      .entities()
      .filter((e) => isEntityType(e.type) && inRange(e))
      .map((e) => ({ start: e.start, end: e.end, type: e.type as Mention['type'], text: e.text, curated: true, ...Object.fromEntries(e.statuses.map((s) => [s, true])) }));
    const suggested: CurationMention[] = this.suggestions(store, analysis, range)
      .filter(inRange)
      .map((m) => ({ ...m, suggested: true }));
    return [...curated, ...suggested];
  }

  review(uri: string): CurationReviewResult | null {
    const doc = this.documents.get(uri);
    if (!doc) return null;
    const store = this.storeOf(uri);
    const empty = { reviewed: 0, total: 0, suggestions: [], curated: [], deleted: [], pending: false };
    if (!store) return { enabled: false, ...empty };
    const analysis = this.current(uri)?.analysis;
    const all = analysis?.entities() ?? [];
    const open = this.suggestions(store, analysis);
    const item = (m: { start: number; end: number; type: string; text: string }): CurationItem => ({ range: lspRange(doc, m), type: m.type, text: doc.getText().slice(m.start, m.end) });
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
   * The model's entities (every one of the current analysis, reviewed or not) against the
   * curated entities: strict and overlap P/R/F1 per type, for the note and for the open notes
   * of its folder with curation on whose `.ann` exists. A `.ann` of the folder whose note is
   * not open cannot be scored (the model's entities are not known): it is named in `notOpen`.
   */
  agreement(uri: string): CurationAgreementResult | null {
    if (!this.documents.get(uri)) return null;
    const store = this.storeOf(uri);
    if (!store) return { enabled: false, pending: false };
    const dir = path.dirname(store.annPath);
    // The folder's open curated notes, each store read (and synced from disk) once.
    const open = new Map<string, { uri: string; store: CurationStore }>();
    for (const u of this.stores.keys()) {
      const s = u === uri ? store : this.storeOf(u);
      if (s && path.dirname(s.annPath) === dir) open.set(path.resolve(s.annPath), { uri: u, store: s });
    }
    const storeOfUri = new Map([...open.values()].map((o) => [o.uri, o.store]));
    const table = (uris: string[]): AgreementTable => {
      const gold: Span[] = [];
      const predicted: Span[] = [];
      for (const u of uris) {
        const s = storeOfUri.get(u);
        if (!s) continue;
        for (const e of s.entities()) gold.push({ doc: u, start: e.start, end: e.end, type: e.type });
        for (const m of this.current(u)?.analysis.entities() ?? []) predicted.push({ doc: u, start: m.start, end: m.end, type: m.type });
      }
      const { strict, overlap } = scoreSpans(gold, predicted);
      return { notes: uris.length, strict, overlap };
    };
    const analysisOf = (u: string) => this.current(u)?.analysis;
    let anns: string[] = [];
    try {
      anns = fs.readdirSync(dir).filter((n) => n.endsWith('.ann')).sort();
    } catch {
      // The folder went away: the note alone.
    }
    const folderUris = [uri, ...anns.map((n) => open.get(path.resolve(dir, n))?.uri).filter((u): u is string => u !== undefined && u !== uri)];
    const notOpen = anns.filter((n) => !open.has(path.resolve(dir, n)));
    const pending = folderUris.some((u) => !(analysisOf(u)?.isComplete ?? false));
    return { enabled: true, pending, note: table([uri]), folder: { ...table(folderUris), notOpen } };
  }

  /** The entity at a cursor (its end counts, so a cursor just after a word finds it) or under a selection: curated first. */
  private targetAt(store: CurationStore, analysis: DocumentAnalysis | undefined, start: number, end: number) {
    const hit = (e: { start: number; end: number }) => (start === end ? e.start <= start && start <= e.end : e.start < end && start < e.end);
    const curated = store.entities().filter(hit).sort((a, b) => a.end - a.start - (b.end - b.start))[0];
    // (A cursor at an entity's end is in the sentence before it: the sentences around are asked.)
    const suggestion = this.suggestions(store, analysis, { start: Math.max(0, start - 1), end: end + 1 }).filter(hit)[0];
    return { curated, suggestion };
  }

  private typesFor(type: string | undefined, analysis: DocumentAnalysis | undefined): readonly string[] {
    if (type && (LITERATURE_TYPES as readonly string[]).includes(type)) return LITERATURE_TYPES;
    if (type && (CLINICAL_TYPES as readonly string[]).includes(type)) return CLINICAL_TYPES;
    return analysis?.config.entityTypes ?? CLINICAL_TYPES;
  }

  codeActions(params: CodeActionParams): CodeAction[] {
    const uri = params.textDocument.uri;
    const store = this.storeOf(uri);
    const doc = this.documents.get(uri);
    if (!store || !doc) return [];
    const analysis = this.current(uri)?.analysis;
    const { start, end } = offsetSpan(doc, params.range);
    const { curated, suggestion } = this.targetAt(store, analysis, start, end);
    const actions: CodeAction[] = [];
    const base = { uri, range: params.range, version: doc.version };
    const add = (title: string, p: Omit<CurateParams, 'uri' | 'range' | 'version'>, preferred = false) =>
      actions.push({ title, kind: CodeActionKind.QuickFix, ...(preferred ? { isPreferred: true } : {}), command: { title, command: CurateCommand, arguments: [{ ...base, ...p }] } });
    const target = curated ?? suggestion;
    if (suggestion && !curated) {
      add(`Accept ${suggestion.type} ${quote(suggestion.text)}`, { action: 'accept' }, true);
      add(`Reject ${suggestion.type} ${quote(suggestion.text)}`, { action: 'reject' });
    } else if (curated) {
      add(`Reject ${curated.type} ${quote(curated.text)} (remove the curated entity)`, { action: 'reject' });
    }
    if (target) {
      for (const t of this.typesFor(target.type, analysis)) if (t !== target.type) add(`Change Type to ${t}`, { action: 'changeType', type: t });
      const has = curated?.statuses ?? [];
      for (const s of ASSERTION_STATUSES) add(`${has.includes(s) ? 'Clear' : 'Set'} Status: ${s}`, { action: 'setStatus', status: s, on: !has.includes(s) });
      if (end > start && (end !== target.end || start !== target.start)) add(`Adjust to Selection ${quote(doc.getText().slice(start, end))}`, { action: 'adjustToSelection' });
    }
    if (end > start && !(target && target.start === start && target.end === end)) {
      for (const t of this.typesFor(undefined, analysis)) add(`Annotate Selection as ${t}`, { action: 'annotateSelection', type: t });
    }
    if (this.sentenceSuggestions(store, analysis, start)?.length) add('Accept All in Sentence', { action: 'acceptAllInSentence' });
    if (target && analysis) {
      for (const r of analysis.relations()) {
        const rel = { label: r.label, head: r.head, tail: r.tail };
        const involved = [r.head, r.tail].some((m) => m.start === target.start && m.end === target.end);
        if (!involved || store.isRelationReviewed(rel)) continue;
        const relation = { label: r.label, head: lspRange(doc, r.head), tail: lspRange(doc, r.tail) };
        const what = `${r.label}: ${quote(r.head.text)} → ${quote(r.tail.text)}`;
        add(`Accept Relation ${what}`, { action: 'acceptRelation', relation });
        add(`Reject Relation ${what}`, { action: 'rejectRelation', relation });
      }
    }
    return actions;
  }

  /** One curation action (a code action's command, or the client's keyboard commands). */
  execute(p: CurateParams): CurateResult {
    const doc = this.documents.get(p.uri);
    if (!doc) throw new Error('The note is not open.');
    if (p.version !== undefined && p.version !== doc.version) throw new Error('The note changed since this action was offered; try again.');
    const store = this.storeOf(p.uri);
    if (!store) throw new Error('Curation is off for this note: run "Biomed NLP: Enable Curation for This Folder".');
    const analysis = this.current(p.uri)?.analysis;
    const text = doc.getText();
    const { start, end } = offsetSpan(doc, p.range);
    const { curated, suggestion } = this.targetAt(store, analysis, start, end);
    const target = curated ?? suggestion;
    const nothing = (what: string): CurateResult => ({ changed: false, message: `No ${what} here.` });
    const done = (message: string): CurateResult => {
      this.refresh();
      return { changed: true, message };
    };
    const needType = () => {
      if (!p.type || !(ENTITY_TYPES as readonly string[]).includes(p.type)) throw new Error(`Not an entity type of this project: ${p.type}`);
      return p.type;
    };
    switch (p.action) {
      case 'accept': {
        if (!suggestion || curated) return nothing('suggestion');
        store.accept(suggestion, statusesOf(suggestion));
        return done(`Accepted ${suggestion.type} ${quote(suggestion.text)}`);
      }
      case 'reject': {
        if (!target) return nothing('entity');
        store.reject(target);
        return done(`Rejected ${target.type} ${quote(text.slice(target.start, target.end))}`);
      }
      case 'changeType': {
        const type = needType();
        if (curated) store.changeType(curated.id, type);
        else if (suggestion) store.accept({ ...suggestion, type }, statusesOf(suggestion));
        else return nothing('entity');
        return done(`${quote(text.slice(target!.start, target!.end))} is now ${type}`);
      }
      case 'adjustToSelection': {
        if (end <= start) return nothing('selection');
        if (curated) store.adjust(curated.id, { start, end });
        else if (suggestion) store.accept({ start, end, type: suggestion.type }, statusesOf(suggestion));
        else return nothing('entity under the selection');
        return done(`Adjusted to ${quote(text.slice(start, end))}`);
      }
      case 'annotateSelection': {
        const type = needType();
        if (end <= start) return nothing('selection');
        store.accept({ start, end, type });
        return done(`Annotated ${quote(text.slice(start, end))} as ${type}`);
      }
      case 'acceptAllInSentence': {
        const open = this.sentenceSuggestions(store, analysis, start);
        if (!open) return nothing('analysed sentence');
        store.acceptAll(open.map((m) => ({ start: m.start, end: m.end, type: m.type, statuses: statusesOf(m) })));
        return open.length ? done(`Accepted ${open.length} suggestion${open.length === 1 ? '' : 's'} in the sentence`) : nothing('suggestion in this sentence');
      }
      case 'acceptRelation':
      case 'rejectRelation': {
        if (!p.relation) throw new Error('No relation given.');
        const [h, t] = [offsetSpan(doc, p.relation.head), offsetSpan(doc, p.relation.tail)];
        const end_ = (s: { start: number; end: number }, model?: Mention): Suggestion => {
          const c = store.entities().find((e) => e.start === s.start && e.end === s.end);
          const type = c?.type ?? model?.type;
          if (!type) throw new Error(`No entity at ${quote(text.slice(s.start, s.end))}.`);
          return { ...s, type, text: text.slice(s.start, s.end) };
        };
        const model = analysis?.relations().find((r) => r.label === p.relation!.label && r.head.start === h.start && r.head.end === h.end && r.tail.start === t.start && r.tail.end === t.end);
        const rel = { label: p.relation.label, head: end_(h, model?.head), tail: end_(t, model?.tail) };
        if (p.action === 'acceptRelation') store.acceptRelation(rel);
        else store.rejectRelation(rel);
        return done(`${p.action === 'acceptRelation' ? 'Accepted' : 'Rejected'} relation ${rel.label}: ${quote(rel.head.text)} → ${quote(rel.tail.text)}`);
      }
      case 'setStatus': {
        const status = p.status as AssertionStatus;
        if (!(ASSERTION_STATUSES as readonly string[]).includes(status)) throw new Error(`Not a status: ${p.status} (${ASSERTION_STATUSES.join(', ')})`);
        const on = p.on ?? !(curated?.statuses.includes(status) ?? false);
        if (curated) store.setStatus(curated.id, status, on);
        else if (suggestion) store.accept(suggestion, on ? [...new Set([...statusesOf(suggestion), status])] : statusesOf(suggestion).filter((s) => s !== status));
        else return nothing('entity');
        return done(`${on ? 'Set' : 'Cleared'} ${status} on ${quote(text.slice(target!.start, target!.end))}`);
      }
    }
    throw new Error(`Unknown curation action: ${String(p.action)}`);
  }
}
