/**
 * Curation actions: the quick fixes offered at a cursor or selection of a curated note, and
 * what each does to the note's store (the same for a code action's command and the client's
 * keyboard commands: biomedNlp/curate).
 */
import { CodeAction, CodeActionKind, CodeActionParams } from 'vscode-languageserver';
import {
  ASSERTION_STATUSES,
  AssertionStatus,
  CLINICAL_TYPES,
  CurationStore,
  NoteAnalysis,
  ENTITY_TYPES,
  formats,
  linking,
  LITERATURE_TYPES,
  Mention,
} from '../engine';
import type { Suggestion } from '../engine';
import { CurateCommand, CurateParams, CurateResult, SearchVocabularyArgs, SearchVocabularyCommand } from '../protocol/protocol';
import type { Curation } from './curation';
import { lspRange, offsetSpan } from './ranges';

const { statusesOf } = formats;

const quote = (s: string) => `“${s.length > 40 ? s.slice(0, 39) + '…' : s}”`;

/** The entity at a cursor (its end counts, so a cursor just after a word finds it) or under a selection: curated first. */
export function targetAt(curation: Curation, store: CurationStore, analysis: NoteAnalysis | undefined, start: number, end: number) {
  const hit = (e: { start: number; end: number }) => (start === end ? e.start <= start && start <= e.end : e.start < end && start < e.end);
  const curated = store
    .entities()
    .filter(hit)
    .sort((a, b) => a.end - a.start - (b.end - b.start))[0];
  // (A cursor at an entity's end is in the sentence before it: the sentences around are asked.)
  const suggestion = curation.suggestions(store, analysis, { start: Math.max(0, start - 1), end: end + 1 }).filter(hit)[0];
  return { curated, suggestion };
}

function typesFor(type: string | undefined, analysis: NoteAnalysis | undefined): readonly string[] {
  if (type && (LITERATURE_TYPES as readonly string[]).includes(type)) return LITERATURE_TYPES;
  if (type && (CLINICAL_TYPES as readonly string[]).includes(type)) return CLINICAL_TYPES;
  return analysis?.config.entityTypes ?? CLINICAL_TYPES;
}

/**
 * `search`: the client runs Biomed NLP's own commands (SearchVocabularyCommand, a quick pick
 * over the vocabularies' names); another client gets the Link quick fixes alone.
 */
export function curationCodeActions(curation: Curation, params: CodeActionParams, options: { search?: boolean } = {}): CodeAction[] {
  const uri = params.textDocument.uri;
  const store = curation.storeOf(uri);
  const doc = curation.documents.get(uri);
  if (!store || !doc) return [];
  const analysis = curation.current(uri);
  const { start, end } = offsetSpan(doc, params.range);
  const { curated, suggestion } = targetAt(curation, store, analysis, start, end);
  const actions: CodeAction[] = [];
  const base = { uri, range: params.range, version: doc.version };
  const add = (title: string, p: Omit<CurateParams, 'uri' | 'range' | 'version'>, preferred = false) =>
    actions.push({
      title,
      kind: CodeActionKind.QuickFix,
      ...(preferred ? { isPreferred: true } : {}),
      command: { title, command: CurateCommand, arguments: [{ ...base, ...p }] },
    });
  const target = curated ?? suggestion;
  if (suggestion && !curated) {
    add(`Accept ${suggestion.type} ${quote(suggestion.text)}`, { action: 'accept' }, true);
    add(`Reject ${suggestion.type} ${quote(suggestion.text)}`, { action: 'reject' });
  } else if (curated) {
    add(`Reject ${curated.type} ${quote(curated.text)} (remove the curated entity)`, { action: 'reject' });
  }
  if (target) {
    for (const t of typesFor(target.type, analysis)) if (t !== target.type) add(`Change Type to ${t}`, { action: 'changeType', type: t });
    const has = curated?.statuses ?? [];
    for (const s of ASSERTION_STATUSES) add(`${has.includes(s) ? 'Clear' : 'Set'} Status: ${s}`, { action: 'setStatus', status: s, on: !has.includes(s) });
    if (end > start && (end !== target.end || start !== target.start))
      add(`Adjust to Selection ${quote(doc.getText().slice(start, end))}`, { action: 'adjustToSelection' });
    const link = analysis?.links([{ start: target.start, end: target.end, type: target.type, text: doc.getText().slice(target.start, target.end) }])[0];
    for (const [title, concepts] of linkChoices(link, curated?.link)) add(title, { action: 'link', concepts });
    if (options.search && link?.served) {
      const title = 'Link: Search the Vocabulary…';
      const args: SearchVocabularyArgs = { ...base, type: target.type, text: doc.getText().slice(target.start, target.end) };
      actions.push({ title, kind: CodeActionKind.QuickFix, command: { title, command: SearchVocabularyCommand, arguments: [args] } });
    }
  }
  if (end > start && !(target && target.start === start && target.end === end)) {
    for (const t of typesFor(undefined, analysis)) add(`Annotate Selection as ${t}`, { action: 'annotateSelection', type: t });
  }
  if (curation.sentenceSuggestions(store, analysis, start)?.length) add('Accept All in Sentence', { action: 'acceptAllInSentence' });
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

type Concept = { id: string; name: string };
const named = (cs: readonly Concept[]) => cs.map((c) => `${c.id} ${c.name}`).join(' + ');

/** How the linker's concept met the mention, and the rule that chose it where other concepts held the name ("exact name; chosen by file order"). */
export const chosenHow = (c: linking.NoteConcept) => (c.why ? `${c.how}; chosen by ${c.why}` : c.how);

/**
 * The link decisions offered on an entity (biomedNlp.linking.vocabularies): the linker's
 * concept, another of its candidates (only those sharing a word with the mention: the
 * linker's rule), none fits, and clearing a decision made; each says how it matched. Nothing
 * where no vocabulary serves the entity and nothing was decided.
 */
function linkChoices(link: linking.EntityLink | undefined, decided: readonly Concept[] | undefined): [string, Concept[] | null][] {
  const proposed = (link?.concepts ?? []).map(({ id, name }) => ({ id, name }));
  const isDecided = (cs: readonly Concept[]) => !!decided && decided.length === cs.length && cs.every((c, i) => c.id === decided[i].id);
  const out: [string, Concept[] | null][] = [];
  if (proposed.length > 0 && !isDecided(proposed))
    out.push([`Link to ${named(proposed)} (${link!.concepts.length === 1 ? chosenHow(link!.concepts[0]) : 'its parts'})`, proposed]);
  for (const c of (link?.candidates ?? []).slice(0, 5)) {
    const one = [{ id: c.id, name: c.name }];
    if (!proposed.some((p) => p.id === c.id) && !isDecided(one)) out.push([`Link to ${named(one)} (candidate: ${c.how})`, one]);
  }
  if ((proposed.length > 0 || (link?.candidates.length ?? 0) > 0) && !isDecided([])) out.push(['Link: No Concept Fits', []]);
  if (decided) out.push(['Link: Clear the Decision', null]);
  return out;
}

/** One curation action (a code action's command, or the client's keyboard commands). */
export function executeCuration(curation: Curation, p: CurateParams): CurateResult {
  const doc = curation.documents.get(p.uri);
  if (!doc) throw new Error('The note is not open.');
  if (p.version !== undefined && p.version !== doc.version) throw new Error('The note changed since this action was offered; try again.');
  const store = curation.storeOf(p.uri);
  if (!store) throw new Error(curation.refusal(p.uri) ?? 'Curation is off for this note: run "Biomed NLP: Enable Curation for This Folder".');
  const analysis = curation.current(p.uri);
  const text = doc.getText();
  const { start, end } = offsetSpan(doc, p.range);
  const { curated, suggestion } = targetAt(curation, store, analysis, start, end);
  const target = curated ?? suggestion;
  const nothing = (what: string): CurateResult => ({ changed: false, message: `No ${what} here.` });
  const done = (message: string): CurateResult => {
    curation.refresh();
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
      const open = curation.sentenceSuggestions(store, analysis, start);
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
      const model = analysis
        ?.relations()
        .find((r) => r.label === p.relation!.label && r.head.start === h.start && r.head.end === h.end && r.tail.start === t.start && r.tail.end === t.end);
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
      else if (suggestion)
        store.accept(suggestion, on ? [...new Set([...statusesOf(suggestion), status])] : statusesOf(suggestion).filter((s) => s !== status));
      else return nothing('entity');
      return done(`${on ? 'Set' : 'Cleared'} ${status} on ${quote(text.slice(target!.start, target!.end))}`);
    }
    case 'link': {
      if (!target) return nothing('entity');
      const concepts = p.concepts === null ? undefined : p.concepts;
      if (concepts === undefined && p.concepts !== null) throw new Error('No concepts given (null clears the link).');
      if (concepts?.some((c) => typeof c?.id !== 'string' || !/^\S+$/.test(c.id) || typeof c.name !== 'string'))
        throw new Error('A concept is { id, name }, its id without spaces.');
      const id = curated?.id ?? store.accept(suggestion!, statusesOf(suggestion!)).id;
      store.setLink(id, concepts);
      const what = quote(text.slice(target.start, target.end));
      if (!concepts) return done(`Cleared the link of ${what}`);
      return done(concepts.length ? `Linked ${what} to ${concepts.map((c) => `${c.id} ${c.name}`).join(' + ')}` : `${what}: no concept fits`);
    }
  }
  throw new Error(`Unknown curation action: ${String(p.action)}`);
}
