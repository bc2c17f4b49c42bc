/**
 * A clinical note written for the tests of other editors (test/editors, test/lsp's
 * third-party client tests), with its own gold for the test server's oracle: entities,
 * relations and NLI labels with evidence. Invented for this project; in no corpus, so the
 * server has never seen it. Its sentences hold what hovers must not escape in plain text
 * (`back-to-back`, full stops) and two NLI findings on one line.
 */
import { GoldDocument, GoldEntity } from './ollamaServer';

export const EDITOR_NOTE_NAME = 'editors-clinic-visit';

export const EDITOR_NOTE = [
  'CARDIOLOGY CLINIC VISIT',
  '',
  'HISTORY:',
  'Mr. Okafor is a 71-year-old man with paroxysmal atrial fibrillation.',
  'He takes apixaban for atrial fibrillation (non-valvular).',
  'He denies chest pain.',
  'Back-to-back potassium levels revealed hypokalemia.',
  '',
  'ASSESSMENT:',
  'His potassium is normal. He has no atrial fibrillation.',
  '',
].join('\n');

/** The statements of the Assessment (both contradicted by the note), and what contradicts each. */
export const STATEMENTS = {
  potassium: { hypothesis: 'His potassium is normal.', evidence: 'Back-to-back potassium levels revealed hypokalemia.' },
  fibrillation: { hypothesis: 'He has no atrial fibrillation.', evidence: 'Mr. Okafor is a 71-year-old man with paroxysmal atrial fibrillation.' },
};

/** The `n`th (0-based) occurrence of `surface` in the note, as a gold entity of `type`. */
function entity(type: string, surface: string, n = 0): GoldEntity {
  let at = -1;
  for (let i = 0; i <= n; i++) at = EDITOR_NOTE.indexOf(surface, at + 1);
  if (at < 0) throw new Error(`no ${surface} #${n} in the editors' note`);
  return { type, start: at, end: at + surface.length };
}

export function editorNoteGold(): GoldDocument {
  const entities = [
    entity('PROBLEM', 'paroxysmal atrial fibrillation'),
    entity('TREATMENT', 'apixaban'),
    entity('PROBLEM', 'atrial fibrillation', 1),
    entity('PROBLEM', 'chest pain'),
    entity('TEST', 'potassium levels'),
    entity('PROBLEM', 'hypokalemia'),
    entity('TEST', 'potassium', 1),
    entity('PROBLEM', 'atrial fibrillation', 2),
  ];
  return {
    name: EDITOR_NOTE_NAME,
    text: EDITOR_NOTE,
    entities,
    relations: [
      { label: 'TrAP', arg1: 1, arg2: 2 },
      { label: 'TeRP', arg1: 4, arg2: 5 },
    ],
    nli: Object.values(STATEMENTS).map((s) => ({ hypothesis: s.hypothesis, label: 'contradiction' as const, evidence: [s.evidence] })),
  };
}
