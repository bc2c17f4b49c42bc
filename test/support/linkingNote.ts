/**
 * A clinical note written for the tests of concept linking in the editor, with its own gold
 * for the test server's oracle, and two tiny vocabularies (TSV, `id<TAB>name<TAB>type`)
 * written for these tests: disorders and drugs. Invented for this project; in no corpus.
 * The note defines an abbreviation ("chronic kidney disease (CKD)") and uses it later, and
 * names atrial fibrillation twice, on different lines.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildVocabulary } from '../../server/src/engine/linking/vocab';
import { GoldDocument, GoldEntity } from './ollamaServer';

export const LINKING_NOTE_NAME = 'linking-cardiology-follow-up';

export const LINKING_NOTE = [
  'CARDIOLOGY FOLLOW-UP',
  '',
  'HISTORY:',
  'Ms. Varga has atrial fibrillation and chronic kidney disease (CKD).',
  'Her CKD has been stable for a year.',
  'She takes warfarin every evening.',
  '',
  'COURSE:',
  'Atrial fibrillation, rate controlled.',
  '',
].join('\n');

/** The disorders vocabulary: atrial fibrillation and chronic kidney disease, with synonyms. */
export const DISORDERS_TSV = [
  'id\tname\ttype',
  'MESH:D001281\tAtrial Fibrillation\tdisease',
  'MESH:D001281\tauricular fibrillation\tdisease',
  'MESH:D051436\tRenal Insufficiency, Chronic\tdisease',
  'MESH:D051436\tchronic kidney disease\tdisease',
  'MESH:D051436\tchronic renal failure\tdisease',
  '',
].join('\n');

/** The drugs vocabulary: one anticoagulant. */
export const DRUGS_TSV = ['MESH:D014859\tWarfarin\tchemical', 'MESH:D014859\tcoumadin\tchemical', ''].join('\n');

/**
 * A note whose problem ("easy bruising") has look-alikes in LOOKALIKES_TSV that share its
 * letters, not its words (the Link quick fixes once offered Bruxism, Brucellosis, ...).
 */
export const BRUISING_NOTE_NAME = 'linking-easy-bruising';
export const BRUISING_NOTE = ['HISTORY:', 'She reports easy bruising.', ''].join('\n');

/** Contusions (with "bruise" among its names), its look-alikes, and names for the search to find. */
export const LOOKALIKES_TSV = [
  'id\tname\ttype',
  'MESH:D003288\tContusions\tdisease',
  'MESH:D003288\tBruise\tdisease',
  'MESH:D002012\tBrucellosis\tdisease',
  'MESH:D002054\tBruxism\tdisease',
  'MESH:D009031\tMotion Sickness\tdisease',
  'MESH:D001942\tBreast Cyst\tdisease',
  'MESH:D006470\tHemorrhagic Disorders\tdisease',
  'MESH:D011693\tPurpura\tdisease',
  '',
].join('\n');

export function bruisingNoteGold(): GoldDocument {
  const at = BRUISING_NOTE.indexOf('easy bruising');
  return { name: BRUISING_NOTE_NAME, text: BRUISING_NOTE, entities: [{ type: 'PROBLEM', start: at, end: at + 13 }], relations: [] };
}

/** The `n`th (0-based) occurrence of `surface` in the note, as a gold entity of `type`. */
function entity(type: string, surface: string, n = 0): GoldEntity {
  let at = -1;
  for (let i = 0; i <= n; i++) at = LINKING_NOTE.indexOf(surface, at + 1);
  if (at < 0) throw new Error(`no ${surface} #${n} in the linking note`);
  return { type, start: at, end: at + surface.length };
}

export function linkingNoteGold(): GoldDocument {
  return {
    name: LINKING_NOTE_NAME,
    text: LINKING_NOTE,
    entities: [
      entity('PROBLEM', 'atrial fibrillation'),
      entity('PROBLEM', 'chronic kidney disease'),
      entity('PROBLEM', 'CKD', 1),
      entity('TREATMENT', 'warfarin'),
      entity('PROBLEM', 'Atrial fibrillation'),
    ],
    relations: [],
  };
}

/** Writes `tsv` to `dir/name.tsv` and builds `dir/name.vocab` from it; returns the .vocab's path. */
export function buildTsvVocabulary(dir: string, name: string, tsv: string): string {
  const source = path.join(dir, `${name}.tsv`);
  fs.writeFileSync(source, tsv);
  const out = path.join(dir, `${name}.vocab`);
  buildVocabulary({ sources: [source], format: 'tsv', out, tmpDir: dir });
  return out;
}

/**
 * MEDIC's row for type 2 diabetes as CTD's 2012 file writes it (its synonyms cut to four):
 * the row's first ID is OMIM's, MeSH's is its alternate. A search by `MESH:D003924` must
 * find what the linker stored as `OMIM:125853`.
 */
export const MEDIC_T2D_ROW = '125853|D003924||Diabetes Mellitus, Type 2|Diabetes Mellitus, Type II|NIDDM|Type 2 Diabetes Mellitus\n';

/** Writes `text` (MEDIC's layout) to `dir/name.txt` and builds `dir/name.vocab` from it; returns the .vocab's path. */
export function buildMedicVocabulary(dir: string, name: string, text: string): string {
  const source = path.join(dir, `${name}.txt`);
  fs.writeFileSync(source, text);
  const out = path.join(dir, `${name}.vocab`);
  buildVocabulary({ sources: [source], format: 'medic', out, tmpDir: dir });
  return out;
}
