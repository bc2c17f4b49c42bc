/**
 * What the status item says, from the server's status and the active note's own counts.
 * No `vscode` import: unit tests load it (test/client/statusText.test.ts).
 */
import type { NoteProgress, StatusParams } from '../../server/src/protocol/protocol';
import { PHI_NOUNS } from '../../server/src/protocol/protocol';
import { wrapAtSpaces } from './wrap';

/** A page (file-text), as the activity-bar icon: the beaker read as the Testing view's flask. */
const ICONS: Record<string, string> = {
  starting: '$(loading~spin)',
  idle: '$(file-text)',
  analysing: '$(loading~spin)',
  waiting: '$(watch)',
  ready: '$(file-text)',
  unreachable: '$(debug-disconnect)',
  'model-missing': '$(cloud-download)',
  'remote-refused': '$(shield)',
  error: '$(warning)',
};

/** The tooltip's title: the extension and its version (`Biomed NLP 0.1.0`), the version only where known. */
export function tooltipTitle(version: string): string {
  return /^\d+\.\d+\.\d+/.test(version) ? `Biomed NLP ${version}` : 'Biomed NLP';
}

/** The model's short name: the last path segment, without the registry host. */
export function shortModel(model: string): string {
  return model.split('/').pop() ?? model;
}

/** "42 tok/s"; undefined unless the server measured a speed and the model is being used. */
export function speedText(s: StatusParams): string | undefined {
  if (s.state !== 'ready' && s.state !== 'analysing') return undefined;
  const v = s.tokensPerSecond;
  if (v === undefined || !Number.isFinite(v) || v <= 0) return undefined;
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} tok/s`;
}

function plural(n: number, one: string, many = `${one}s`): string {
  return `${n} ${n === 1 ? one : many}`;
}

/** What is still running for the note, most basic work first; undefined when it is all done. */
export function workText(p: NoteProgress): string | undefined {
  if (p.sentences.done < p.sentences.total) return `analysing ${p.sentences.done}/${p.sentences.total} sentences`;
  // A failed check is not running: only those without a verdict or a failure are.
  if (p.statements.done + p.statements.failed < p.statements.total) return `checking ${p.statements.done}/${p.statements.total} statements`;
  if (p.relations.pending) return `finding relations (${p.relations.found} so far)`;
  return undefined;
}

/** Why work that is not done does not run, from the server's state; undefined while it runs. */
export function blockedBy(s: StatusParams | undefined): string | undefined {
  switch (s?.state) {
    case 'unreachable':
      return s.engine === 'embedded' ? 'the embedded engine' : s.engine === 'openai' ? 'the OpenAI-compatible server' : 'Ollama';
    case 'model-missing':
      return s.model ? `the model ${shortModel(s.model)}` : 'the model';
    case 'remote-refused':
      return 'a model host that is allowed';
    case 'waiting':
      return 'the overloaded model server';
    default:
      return undefined;
  }
}

/**
 * The note's counts in words, for the tooltip: what was done, and what waits and for what.
 * `s`: the server's status, which says what the undone work waits for (Ollama unreachable).
 * Never counts a failed or unrun check as done, nor "0 relations found" before any was looked for.
 */
export function progressText(p: NoteProgress, s?: StatusParams): string {
  const waiting = blockedBy(s);
  const wait = waiting ? `waiting for ${waiting}` : undefined;
  const { sentences, relations, statements } = p;
  const sentencePart = `${sentences.done} of ${plural(sentences.total, 'sentence')} analysed` + (sentences.done < sentences.total && wait ? `, ${wait}` : '');
  // Relations are looked for between the entities: until every sentence has them, more may come.
  const more = relations.pending || sentences.done < sentences.total;
  let relationPart: string;
  if (relations.looked === 0 && relations.found === 0) {
    // Nothing ran: say so rather than "0 relations found" (a finished note may have had no pair to ask about).
    if (relations.failed) relationPart = `relations not found: ${plural(relations.failed, 'check')} failed`;
    else relationPart = more ? 'relations not looked for yet' : 'no relations found';
  } else {
    relationPart = `${plural(relations.found, 'relation')} found${more ? ' so far' : ''}`;
    if (relations.failed) relationPart += ` (${plural(relations.failed, 'check')} failed)`;
  }
  if (relations.failed && wait) relationPart += `, ${wait}`;
  let statementPart = statements.planned ? 'no summary statements to check' : `summary statements not checked yet${wait ? `, ${wait}` : ''}`;
  if (statements.total) {
    statementPart = `${statements.done} of ${plural(statements.total, 'summary statement')} checked`;
    const open = statements.total - statements.done;
    // Unreachable: failed checks run again when the server is back, so they wait too.
    if (open && wait) statementPart += `, ${wait}`;
    else if (statements.failed) statementPart += `, ${statements.failed} failed`;
  }
  return [sentencePart, relationPart, statementPart].join('; ');
}

/** The note's PHI in words (biomedNlp.deidentify.show): "5 found by the rules: 2 names, 1 date, ..."; undefined when not counted. */
export function phiText(phi: NoteProgress['phi']): string | undefined {
  if (!phi) return undefined;
  if (!phi.total) return 'none found by the rules';
  const kinds = Object.entries(phi.byType)
    .filter(([, n]) => n)
    .map(([type, n]) => `${n} ${PHI_NOUNS[type] ?? type}${n === 1 || !PHI_NOUNS[type] ? '' : 's'}`);
  return `${phi.total} found by the rules: ${kinds.join(', ')}`;
}

/**
 * The item's text. `note`: the active note's counts (the server's own counts are over every
 * open note, which is not what a person looking at one note expects).
 */
export function statusText(s: StatusParams, note?: NoteProgress): string {
  const icon = ICONS[s.state] ?? '$(file-text)';
  let state: string;
  switch (s.state) {
    case 'analysing': {
      const work = note ? workText(note) : undefined;
      // Another open note is being analysed: say so rather than show its counts as this one's.
      state = work ?? (note ? 'analysing other notes' : `analysing ${s.done}/${s.total} sentences`);
      break;
    }
    case 'waiting':
      // The time of the next try is in the tooltip (the message): the item is not redrawn each second.
      state = `waiting for the server${s.wait?.httpStatus ? ` (HTTP ${s.wait.httpStatus})` : ''}`;
      break;
    case 'unreachable':
      state = s.engine === 'embedded' ? 'embedded engine unavailable' : s.engine === 'openai' ? 'server unreachable' : 'Ollama unreachable';
      break;
    case 'model-missing':
      state = 'model missing';
      break;
    case 'remote-refused':
      state = 'remote host refused';
      break;
    case 'error':
      state = 'errors';
      break;
    case 'starting':
      state = 'starting';
      break;
    default:
      state = 'ready';
  }
  const head = `${icon} Biomed: ${state}`;
  // Recorded answers are no model's: the item says so where it would name the model.
  if (s.engine === 'recorded') return `${head} · Recorded answers`;
  if (!s.model) return head;
  const speed = speedText(s);
  return `${head} · ${shortModel(s.model)}${speed ? ` · ${speed}` : ''}`;
}

/**
 * Model requests waiting, for the tooltip, when some wait: behind one slot (each waits for
 * the one before it), or behind the slots in use. Ollama decodes together only as many as
 * its own OLLAMA_NUM_PARALLEL, so the setting should match it (docs/how-to/ollama-parallel.md).
 */
export function queueText(s: StatusParams): string | undefined {
  const r = s.requests;
  if (!r || r.queued === 0) return undefined;
  const match = s.engine === 'ollama' ? ' Ollama decodes as many together as its OLLAMA_NUM_PARALLEL slots: set the two alike.' : '';
  if (r.slots === 1)
    return `${plural(r.queued, 'model request')} queued behind one slot (biomedNlp.maxConcurrentRequests is 1), one answered at a time.${match}`;
  return `${plural(r.queued, 'model request')} queued, ${r.inFlight} in flight in ${r.slots} slots (biomedNlp.maxConcurrentRequests).${match}`;
}

/**
 * The tooltip's paragraphs after its title, each in lines broken at spaces (wrapAtSpaces):
 * the model, the note's counts and PHI, the server's message, the speed and the queue.
 */
export function tooltipParagraphs(s: StatusParams, note?: NoteProgress): string[][] {
  const speed = speedText(s);
  const parts = [
    `Model: ${s.model} (${s.profile} profile) at ${s.host}${s.engine ? ` (${s.engine} engine)` : ''}`,
    note ? `This note: ${progressText(note, s)}` : undefined,
    note?.phi ? `PHI: ${phiText(note.phi)}${note.phi.total ? ' (de-identify before sharing: Save a De-identified Copy)' : ''}` : undefined,
    s.message,
    speed ? `Generation speed: ${speed}` : undefined,
    queueText(s),
  ];
  return parts.filter((p): p is string => !!p).map((p) => wrapAtSpaces(p));
}
