/**
 * The PHI the rules find (engine tasks/phi, no model) as the editor shows it: a token type of
 * its own merged into the note's tokens, a hover that says what it probably is, its counts,
 * and the note's spans for a de-identified copy. Pure conversions; the segments' spans are
 * the engine's cached arrays (NoteAnalysis.sentencePhi), so the merged sentences are kept
 * per pair of arrays and a keystroke makes again only those of the segments it changed.
 */
import { Hover, MarkupContent, MarkupKind } from 'vscode-languageserver/node';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { deid, Mention, NoteAnalysis } from '../engine';
import { escapeMarkdown } from './hover';
import { lspRange } from './ranges';
import type { SentenceMentions } from './semanticTokens';

type PhiSpan = deid.PhiSpan;
type PhiType = PhiSpan['type'];
export type SegmentPhi = ReturnType<NoteAnalysis['sentencePhi']>[number];

/** The token type of PHI, after the entity types in the legend. */
export const PHI_TOKEN_TYPE = 'phi';

/** What each type is, in a hover's words. */
const WHAT: Record<PhiType, string> = {
  name: 'a name',
  date: 'a date',
  age: 'an age over 89',
  location: 'a place',
  address: 'an address',
  phone: 'a phone or fax number',
  email: 'an e-mail address',
  url: 'a URL',
  id: 'an ID or record number',
};

/** Each type as a countable noun (protocol/deid.ts: the client counts with the same words). */
export { PHI_NOUNS } from '../protocol/deid';

/** Whose name, when the rule's context tells (`why`: "after Dr", "after wife", "before RN", ...). */
function whoseName(why: string): string {
  const w = why.toLowerCase();
  if (/^after ([a-z]+-)?(dr|drs|doctor|prof|professor)\b/.test(w) || /^before /.test(w) || w === 'sign-off') return "a clinician's name";
  if (
    /^after (attending|resident|fellow|intern|rn|nurse|rrt|pharmacist|pharmd|sw|therapist|chaplain|surgeon|cardiologist|physician|pcp|intensivist|hospitalist|housestaff|staff|ho|md|paged)\b/.test(
      w,
    )
  )
    return "a clinician's name";
  if (/^after (mr|mrs|ms|miss|mister)\b/.test(w)) return "a person's name (a patient or a relative)";
  if (
    /^after ([a-z]+-)?(wife|husband|hus|sons?|daughters?|dtrs?|dau|sisters?|sis|brothers?|bro|mother|mom|mum|father|dad|parents?|niece|nephew|grand\w+|aunt|uncle|cousin|friends?|fiancee?|partner|spouse|proxy|hcp|boyfriend|girlfriend|neighbou?r|step\w+|sil|dil|in-law|\w+-in-law|relative|visitors?)\b/.test(
      w,
    )
  )
    return "a relative's name";
  return 'a name';
}

/** What a span probably is, as the hover starts: "Probably a clinician's name". */
export function phiWhat(span: Pick<PhiSpan, 'type' | 'why'>): string {
  return `Probably ${span.type === 'name' ? whoseName(span.why) : WHAT[span.type]}`;
}

/** The hover on a PHI span, markdown (note text escaped). */
export function phiHoverText(span: PhiSpan): string {
  return `**${phiWhat(span)}**: de-identify before sharing.\n\nProtected health information (${span.type}), found ${escapeMarkdown(span.why)}.`;
}

/** The span of `phi` (segment spans, with their segment's start) at `offset`, in document offsets. */
export function phiAt(phi: readonly SegmentPhi[], offset: number): PhiSpan | undefined {
  for (const s of phi)
    for (const p of s.spans) if (s.start + p.start <= offset && offset < s.start + p.end) return { ...p, start: s.start + p.start, end: s.start + p.end };
  return undefined;
}

/** The hover on a PHI span: its own, or above the entity hover of the same place (whose range it keeps). */
export function withPhiHover(doc: TextDocument, span: PhiSpan, entity: Hover | null | undefined): Hover {
  const own = phiHoverText(span);
  const value = entity && MarkupContent.is(entity.contents) ? `${own}\n\n---\n\n${entity.contents.value}` : own;
  return { contents: { kind: MarkupKind.Markdown, value }, range: entity?.range ?? lspRange(doc, span) };
}

/** The note's PHI in document offsets, in order. */
export function documentPhi(phi: readonly SegmentPhi[]): PhiSpan[] {
  return phi.flatMap((s) => s.spans.map((p) => ({ ...p, start: s.start + p.start, end: s.start + p.end })));
}

/** How many spans of each type, and in all. */
export function phiCounts(phi: readonly SegmentPhi[]): { total: number; byType: Partial<Record<PhiType, number>> } {
  const byType: Partial<Record<PhiType, number>> = {};
  let total = 0;
  for (const s of phi)
    for (const p of s.spans) {
      byType[p.type] = (byType[p.type] ?? 0) + 1;
      total++;
    }
  return { total, byType };
}

/** The note's PHI as mentions of the PHI token type, document offsets (tokens over curated entities). */
export function phiMentions(phi: readonly SegmentPhi[]): Mention[] {
  return documentPhi(phi).map(asMention);
}

/** A PHI span as a mention the token code reads: its type is the PHI token type. */
function asMention(p: PhiSpan): Mention {
  return { start: p.start, end: p.end, type: PHI_TOKEN_TYPE as Mention['type'], text: p.text };
}

const NO_MENTIONS: readonly Mention[] = Object.freeze([]);
const NO_RELATED: readonly boolean[] = Object.freeze([]);
/** Merged arrays, kept per (entity mentions array, PHI array): the same arrays give the same arrays, wherever the segment moved. */
const merged = new WeakMap<readonly Mention[], WeakMap<readonly PhiSpan[], Omit<SentenceMentions, 'start'>>>();

function mergedSentence(entities: SentenceMentions | undefined, phi: SegmentPhi): SentenceMentions {
  const mentions = entities?.mentions ?? NO_MENTIONS;
  const related = entities?.related ?? NO_RELATED;
  let byPhi = merged.get(mentions);
  if (!byPhi) merged.set(mentions, (byPhi = new WeakMap()));
  let known = byPhi.get(phi.spans);
  const n = phi.spans.length;
  if (!known || known.related.length !== n + related.length || related.some((r, i) => known!.related[n + i] !== r)) {
    // PHI first: where an entity overlaps it, flatten keeps the earlier start, then the longer.
    known = { mentions: [...phi.spans.map(asMention), ...mentions], related: [...phi.spans.map(() => false), ...related] };
    byPhi.set(phi.spans, known);
  }
  return { start: phi.start, ...known };
}

/**
 * The sentences' entities with the segments' PHI merged in, in document order (both lists
 * are in order; a segment with PHI and no entity comes as one of its own). A sentence
 * unchanged by an edit comes back as the same object, so the kept tokens are spliced.
 */
export function withPhi(sentences: readonly SentenceMentions[], phi: readonly SegmentPhi[]): SentenceMentions[] {
  if (!phi.length) return [...sentences];
  const out: SentenceMentions[] = [];
  let i = 0;
  for (const p of phi) {
    while (i < sentences.length && sentences[i].start < p.start) out.push(sentences[i++]);
    const same = i < sentences.length && sentences[i].start === p.start ? sentences[i++] : undefined;
    out.push(mergedSentence(same, p));
  }
  while (i < sentences.length) out.push(sentences[i++]);
  return out;
}
