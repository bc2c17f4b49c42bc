/**
 * The engine's face (server/src/engine/index.ts) stays small and used: it
 * exports at most FACE_SIZE names of its own, each of its groups (`formats`,
 * `evaluation`, ...) at most GROUP_SIZE, TOTAL_SIZE in all, and every name, in a group or not, is used by the
 * language server (lsp/) or the command line (cli/). Read with the TypeScript checker, as
 * the compiler sees the module. A front end that needs more adds it here on purpose,
 * raising the size in the same change; a name no front end uses any longer goes.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../support/paths';

/** The agreed size of the face: names exported by index.ts itself (a group counts as one). */
const FACE_SIZE = 60;
/** The agreed size of each group of the command line's corpus tooling. */
const GROUP_SIZE = 25;
/** The agreed size of the whole face, the groups' members counted one by one (180 before the evaluation commands' scoring moved into the engine, 151 before their model runs did, 135 before the assertion rules' run did, 131 before names only comments mentioned went, 129 before one reader of an .ann beside its note, 127 before the retry policy and the default model's source were one name each, 124 before a bad .vocab file was one kind of bad linking input, 123 before the settings with fixed values were one table, 116 before six names became methods, options or a line of the front end of their one caller, 110 before a vocabulary build took its synonym corpora by path and gave its percent with its progress, 108 before two annotators' folders were compared inside the engine, 107 before the BRAT writer returned what it left out, 106 before the user's input errors were one class, InputError, 102 before the default model was one plain-data answer, defaultModel; 101 when the Outline came to say what a section's abbreviation stands for, sectionOfSegment; 102 when a BRAT output folder got brat's configuration, bratConfiguration; 103 when the model cache went to disk with a bound both front ends default to, DEFAULT_CACHE_MEGABYTES; 106 when the workspace became a corpus: the note index, a note's entry and its mentions, NoteIndex, indexNote and IndexedMention; 107 when biomed find came to filter an annotated document's mentions as the rows the CSV writes, with their sections, formats.mentionRows; 109 when biomed eval deid came: deid.evaluateDeid and deid.DEID_PUBLISHED; 116 when biomed deid came to write de-identified copies: the replacement itself with its styles and its key's type (deid.deidentify, DEID_STYLES, PatientKey), the corpus files' decoding with Latin-1 told (decodeText), the PhysioNet records read and written back (readPhysionet, writePhysionetRecords) and a BRAT .ann moved onto the new text (rebaseBratAnn): each a piece of the format or of the replacement the command line must not copy); 117 when biomed annotate came to say that a note with no clinical entities reads as literature (notes.looksLikeLiterature); still 117 when biomed deid came to write every corpus layout biomed annotate reads: the PhysioNet records' reader and writer gave way to deid.readDeidCorpus, which reads each layout as documents and joins them again, and deid.deidI2b2Xml came for an i2b2 XML note; 118 when annotate, export and report came to write de-identified outputs: an annotated document moved onto its de-identified text (deid.deidentifyDocument); 119 when the editor came to show a note's PHI, whose spans it reads as the engine's plain data (deid.PhiSpan); 122 when typing beside a huge note's background work came: the language server says when the editor waits (messageArrived, requestAnswered: the whole note's slices give way), and the semantic tokens' splice compares two versions as the engine's resegmenting does (commonEnds). */
const TOTAL_SIZE = 122;

const INDEX = path.join(ROOT, 'server/src/engine/index.ts');

function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? sources(p) : e.name.endsWith('.ts') ? [p] : [];
  });
}

/**
 * The identifiers of the front ends' code, its import statements left out: a name counts as
 * used where code uses it (a comment or a string that mentions it does not count).
 */
const FRONT_END_FILES = ['server/src/lsp', 'server/src/cli'].flatMap((d) => sources(path.join(ROOT, d))).map((f) => [f, fs.readFileSync(f, 'utf8')]);
const FRONT_END_NAMES = new Set(
  FRONT_END_FILES.flatMap(([f, text]) => {
    const names: string[] = [];
    const visit = (node: ts.Node): void => {
      if (ts.isImportDeclaration(node)) return;
      if (ts.isIdentifier(node)) names.push(node.text);
      ts.forEachChild(node, visit);
    };
    visit(ts.createSourceFile(f, text, ts.ScriptTarget.ES2022, true));
    return names;
  }),
);
/** The front ends' code as text, for what they must not write. */
const FRONT_ENDS = FRONT_END_FILES.map(([, text]) => text).join('\n');

function used(name: string): boolean {
  return FRONT_END_NAMES.has(name);
}

describe("the engine's face (engine/index.ts)", function () {
  this.timeout(60_000);
  const program = ts.createProgram([INDEX], { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.CommonJS, strict: true, noEmit: true, skipLibCheck: true });
  const checker = program.getTypeChecker();
  const face = checker.getSymbolAtLocation(program.getSourceFile(INDEX)!)!;
  const exports = checker.getExportsOfModule(face);
  /** A group: a namespace re-export (`export * as formats from ...`), with its members. */
  const groups = new Map<string, string[]>();
  for (const s of exports) {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    if (target.flags & ts.SymbolFlags.ValueModule)
      groups.set(
        s.name,
        checker.getExportsOfModule(target).map((m) => m.name),
      );
  }

  it(`exports at most ${FACE_SIZE} names, each group at most ${GROUP_SIZE}, ${TOTAL_SIZE} in all`, () => {
    assert.ok(exports.length > 40, `the reading found ${exports.length} exports`);
    assert.ok(
      exports.length <= FACE_SIZE,
      `index.ts exports ${exports.length} names, more than the agreed ${FACE_SIZE}: ${exports.map((s) => s.name).join(', ')}`,
    );
    assert.ok(groups.size >= 1 && groups.size <= 8, `${groups.size} groups`);
    for (const [group, members] of groups) assert.ok(members.length <= GROUP_SIZE, `${group} has ${members.length} names, more than ${GROUP_SIZE}`);
    const total = exports.length - groups.size + [...groups.values()].reduce((n, m) => n + m.length, 0);
    assert.ok(total <= TOTAL_SIZE, `the face holds ${total} names in all, more than the agreed ${TOTAL_SIZE}`);
  });

  it('exports no name that neither lsp/ nor cli/ uses', () => {
    const unused = exports.filter((s) => !groups.has(s.name) && !used(s.name)).map((s) => s.name);
    for (const [group, members] of groups) {
      if (!used(group)) unused.push(group);
      for (const m of members) if (!used(m)) unused.push(`${group}.${m}`);
    }
    assert.deepEqual(unused, [], 'names of the face no front end uses: drop them from index.ts (or its group)');
  });

  it('the front ends reach no engine internals through the objects it gives them', () => {
    // The engine's context (scheduler, cache, feature memo) is the engine's own.
    assert.doesNotMatch(FRONT_ENDS, /\.ctx\.(features|scheduler|stats|cache|backend|gate)\b/);
    assert.doesNotMatch(FRONT_ENDS, /\bengine\.ctx\b/);
  });
});
