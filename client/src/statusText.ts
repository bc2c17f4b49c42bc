/**
 * What the status item says, from the server's status and the active note's own counts.
 * No `vscode` import: unit tests load it (test/client/statusText.test.ts).
 */
import type { NoteProgress, StatusParams } from '../../server/src/protocol/protocol';

const ICONS: Record<string, string> = {
  starting: '$(loading~spin)',
  idle: '$(beaker)',
  analysing: '$(loading~spin)',
  ready: '$(beaker)',
  unreachable: '$(debug-disconnect)',
  'model-missing': '$(cloud-download)',
  'remote-refused': '$(shield)',
  error: '$(warning)',
};

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
  if (p.statements.done < p.statements.total) return `checking ${p.statements.done}/${p.statements.total} statements`;
  if (p.relations.pending) return `finding relations (${p.relations.found} so far)`;
  return undefined;
}

/** The note's counts in words, for the tooltip. */
export function progressText(p: NoteProgress): string {
  return [
    `${p.sentences.done}/${p.sentences.total} sentences analysed`,
    `${plural(p.relations.found, 'relation')} found${p.relations.pending ? ' so far' : ''}`,
    p.statements.total ? `${p.statements.done}/${p.statements.total} summary statements checked` : 'no summary statements to check',
  ].join(', ');
}

/**
 * The item's text. `note`: the active note's counts (the server's own counts are over every
 * open note, which is not what a person looking at one note expects).
 */
export function statusText(s: StatusParams, note?: NoteProgress): string {
  const icon = ICONS[s.state] ?? '$(beaker)';
  let state: string;
  switch (s.state) {
    case 'analysing': {
      const work = note ? workText(note) : undefined;
      // Another open note is being analysed: say so rather than show its counts as this one's.
      state = work ?? (note ? 'analysing other notes' : `analysing ${s.done}/${s.total} sentences`);
      break;
    }
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
  if (!s.model) return head;
  const speed = speedText(s);
  return `${head} · ${shortModel(s.model)}${speed ? ` · ${speed}` : ''}`;
}
