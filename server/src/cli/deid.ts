/**
 * `biomed deid`: de-identified copies of notes, folders and PhysioNet `.text` files, in the
 * layout they came in (deidHelp.ts). The replacements are the engine's (`deid.deidentify`:
 * deterministic from the seed and the patient, so shards and reruns agree without sharing
 * state); this module lists the notes, splits them into shards, skips those done and
 * writes each output atomically, recorded as biomed's own, as `biomed annotate` does.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deid, formats } from '../engine';
import { listInputs, notNotesSkipped, real, within } from './annotateInputs';
import { OwnRecord, writeAtomically } from './annotateOutputs';
import { intOption, choice, parse, refuseOutOverInput, reportSkips, UsageError } from './args';
import { inShard, parseShard } from './corpus';
import { DEID_COMMAND_HELP as HELP } from './deidHelp';

const { deidentify, DEID_STYLES, decodeText, readPhysionet, rebaseBratAnn, writePhysionetRecords } = deid;
type PatientKey = deid.PatientKey;
type SkipCounts = formats.SkipCounts;

/** One note to write: where it comes from, whose it is, where its copy goes. */
interface Unit {
  id: string;
  patient: string;
  /** The file the note is read from (a PhysioNet record: its .text). */
  source: string;
  outputs: string[];
  /** A PhysioNet record: its file's de-identified .text, which holds it once assembled. */
  assembled?: string;
  read(): { text: string; latin1: boolean; ann?: string };
}

interface KeyFile {
  seed: number;
  patients: Record<string, PatientKey>;
}

export async function deidCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parse(
    argv,
    {
      out: { type: 'string' },
      style: { type: 'string' },
      seed: { type: 'string' },
      key: { type: 'string' },
      'key-beside-output': { type: 'boolean' },
      'patient-of': { type: 'string' },
      shard: { type: 'string' },
      force: { type: 'boolean' },
    },
    HELP,
  );
  if (values.help) {
    console.log(HELP);
    return 0;
  }
  if (positionals.length === 0) throw new UsageError('Give at least one note, folder or PhysioNet .text file to de-identify.', HELP);
  const out = values.out as string | undefined;
  if (!out) throw new UsageError('--out is required: the folder the de-identified copies go into.', HELP);
  const style = choice(values.style, 'style', DEID_STYLES, HELP) ?? 'tags';
  const seed = intOption(values.seed, 'seed', 0, HELP);
  if (style === 'surrogates' && seed === undefined)
    throw new UsageError('--style surrogates needs --seed N: the same seed gives the same surrogates in every run and shard.', HELP);
  const patientOf = choice(values['patient-of'], 'patient-of', ['note', 'folder'] as const, HELP) ?? 'note';
  const shard = parseShard(values.shard, HELP);
  if (shard?.from) console.error(`--shard auto: shard ${shard.k}/${shard.n}, from ${shard.from}.`);
  const force = values.force === true;
  for (const p of positionals) if (!fs.existsSync(p)) throw new UsageError(`No such file or folder: ${p}`, HELP);
  // Corpus files of other layouts would be read as one plain note, their markup with it.
  const other = positionals.find((p) => fs.statSync(p).isFile() && /\.(jsonl|json|pubtator|xml|csv)$/i.test(p));
  if (other) throw new UsageError(`${other}: biomed deid reads notes, folders of notes (BRAT .ann beside) and PhysioNet .text files, not this layout.`, HELP);
  if (fs.existsSync(out) && !fs.statSync(out).isDirectory()) throw new UsageError(`--out ${out} is a file: give a folder.`, HELP);
  for (const p of positionals)
    if (within(real(p), real(out)) || (fs.statSync(p).isFile() && real(p) === real(out)))
      throw new UsageError(`--out ${out} holds the input ${p}: choose another folder.`, HELP);
  const keyFile = values.key as string | undefined;
  if (keyFile !== undefined) {
    if (style !== 'surrogates') throw new UsageError('--key is written with --style surrogates (tags have no key).', HELP);
    if (keyFile === '') throw new UsageError('--key: name the file to write.', HELP);
    if (within(real(keyFile), real(out)) && values['key-beside-output'] !== true)
      throw new UsageError(
        `--key ${keyFile} is inside --out ${out}: the key re-identifies the notes, so it is kept apart from them; name a file elsewhere, or give --key-beside-output.`,
        HELP,
      );
    refuseOutOverInput(keyFile, positionals, HELP, '--key');
  }
  const key = readKey(keyFile, seed);

  const units: Unit[] = [];
  const physionet = new Map<string, { final: string; parts: string[]; encoding: 'latin1' | 'utf8' }>();
  const skips = new Map<string, SkipCounts>();
  const latin1: string[] = [];
  const notes: string[] = [];
  for (const p of positionals) {
    if (fs.statSync(p).isFile() && /\.text$/.test(p)) physionetUnits(p, out, units, physionet, skips, latin1);
    else notes.push(p);
  }
  const notNotes: string[] = [];
  for (const n of listInputs(notes, [real(out)], notNotes)) {
    const input = notes.find((p) => fs.statSync(p).isDirectory() && within(real(n.file), real(p)));
    const rel = input ? path.relative(input, n.file) : path.basename(n.file);
    const ann = /\.txt$/.test(n.file) ? n.file.replace(/\.txt$/, '.ann') : undefined;
    const withAnn = ann !== undefined && fs.existsSync(ann);
    const folder = path.dirname(rel) !== '.' ? path.dirname(rel) : path.basename(path.resolve(input ?? path.dirname(n.file)));
    units.push({
      id: n.id,
      patient: patientOf === 'folder' ? folder : n.id,
      source: n.file,
      outputs: [path.join(out, rel), ...(withAnn ? [path.join(out, rel.replace(/\.txt$/, '.ann'))] : [])],
      read: () => {
        const note = decodeText(fs.readFileSync(n.file));
        return withAnn ? { ...note, ann: decodeText(fs.readFileSync(ann)).text } : note;
      },
    });
  }
  // An .ann beside its .txt is written with it, not skipped.
  const skippedFiles = notNotes.filter((f) => !(/\.ann$/.test(f) && fs.existsSync(f.replace(/\.ann$/, '.txt'))));
  if (skippedFiles.length) console.error(notNotesSkipped(skippedFiles));

  const own = new OwnRecord(out);
  const summary = { written: 0, skipped: 0, otherShards: 0, unreadable: [] as string[], failed: [] as string[], datesTagged: 0 };
  const counts: Record<string, number> = {};
  const started = Date.now();
  let sinceKey = 0;
  // The record keeps in memory only the files it knew at the start: this run's own are known here.
  const writtenNow = new Set<string>();
  for (const u of units) {
    if (!inShard(u.id, shard)) {
      summary.otherShards++;
      continue;
    }
    const ours = (o: string) => fs.existsSync(o) && own.owns(o) && fs.statSync(o).mtimeMs >= fs.statSync(u.source).mtimeMs;
    const done = (u.assembled !== undefined && ours(u.assembled)) || u.outputs.every(ours);
    if (done && !force) {
      summary.skipped++;
      continue;
    }
    const foreign = u.outputs.find((o) => fs.existsSync(o) && !own.owns(o));
    if (foreign && !force) {
      summary.failed.push(`${u.id}: ${foreign} exists and was not written by biomed; move it away or give --force`);
      continue;
    }
    let note: ReturnType<Unit['read']>;
    try {
      note = u.read();
    } catch (err) {
      summary.unreadable.push(`${u.id}: ${(err as Error).message}`);
      continue;
    }
    if (note.text.includes('\u0000')) {
      summary.unreadable.push(`${u.id}: its text holds NUL characters (binary data)`);
      continue;
    }
    if (note.latin1 && u.outputs[0] !== undefined && !physionet.has(u.source)) latin1.push(u.source);
    const result = deidentify(note.text, { style, seed, patient: u.patient });
    try {
      // The .ann first: a note whose .txt is there has its .ann too.
      if (note.ann !== undefined) {
        const annSkips = skips.get(u.source) ?? {};
        skips.set(u.source, annSkips);
        writeAtomically(u.outputs[1], rebaseBratAnn(note.ann, note.text.length, result.text, result.edits, annSkips), own);
      }
      writeAtomically(u.outputs[0], Buffer.from(result.text, note.latin1 ? 'latin1' : 'utf8'), own);
      writtenNow.add(u.outputs[0]);
    } catch (err) {
      summary.failed.push(`${u.id}: ${(err as Error).message}`);
      continue;
    }
    summary.written++;
    summary.datesTagged += result.datesTagged;
    for (const [type, n] of Object.entries(result.counts)) counts[type] = (counts[type] ?? 0) + n;
    if (result.key) {
      const k = (key.patients[u.patient] ??= { dateShiftDays: result.key.dateShiftDays, names: {} });
      Object.assign(k.names, result.key.names);
    }
    if (keyFile !== undefined && ++sinceKey >= 200) {
      writeAtomically(keyFile, JSON.stringify(key, null, 1) + '\n');
      sinceKey = 0;
    }
  }
  if (keyFile !== undefined) writeAtomically(keyFile, JSON.stringify(key, null, 1) + '\n');
  const assembled = assemblePhysionet(physionet, own, (p) => writtenNow.has(p) || own.owns(p), summary.failed);

  for (const [file, s] of skips) reportSkips(file, s, 'lines', false);
  for (const f of latin1) console.error(`${f}: not UTF-8, read as Latin-1 (and written back in it)`);
  const total = Object.values(counts).reduce((a, b) => a + b, 0);
  const byType = Object.entries(counts)
    .sort((a, b) => b[1] - a[1])
    .map(([t, n]) => `${t} ${n}`)
    .join(', ');
  console.log(
    `biomed deid (${style}): ${summary.written} ${summary.written === 1 ? 'note' : 'notes'} written, ${summary.skipped} skipped (done earlier)` +
      `${summary.unreadable.length ? `, ${summary.unreadable.length} unreadable` : ''}${summary.failed.length ? `, ${summary.failed.length} failed` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${total} PHI replaced${total ? ` (${byType})` : ''}.`,
  );
  if (summary.datesTagged) console.log(`${summary.datesTagged} dates in a layout that is not shifted were tagged [**Date**].`);
  for (const f of assembled) console.log(`written ${f}`);
  if (shard)
    console.log(`Shard ${shard.k}/${shard.n}: ${units.length - summary.otherShards} notes in this shard, ${summary.otherShards} left to the other shards.`);
  if (keyFile !== undefined) console.log(`key: ${keyFile} (${Object.keys(key.patients).length} patients); keep it apart from the notes.`);
  for (const f of summary.unreadable) console.log(`  unreadable: ${f}`);
  for (const f of summary.failed) console.log(`  failed: ${f}`);
  return summary.unreadable.length + summary.failed.length > 0 ? 1 : 0;
}

/** The key file of an earlier run (merged into), or a new one; another seed's is refused. */
function readKey(file: string | undefined, seed: number | undefined): KeyFile {
  const fresh = { seed: seed ?? 0, patients: {} };
  if (file === undefined || !fs.existsSync(file)) return fresh;
  let k: KeyFile;
  try {
    k = JSON.parse(fs.readFileSync(file, 'utf8')) as KeyFile;
  } catch (err) {
    throw new UsageError(`--key ${file} is there and is not a key file (${(err as Error).message}): name another file.`, HELP);
  }
  if (typeof k !== 'object' || k === null || typeof k.patients !== 'object')
    throw new UsageError(`--key ${file} is there and is not a key file: name another file.`, HELP);
  if (k.seed !== seed) throw new UsageError(`--key ${file} holds the key of seed ${k.seed}, not ${seed}: name another file.`, HELP);
  return k;
}

/** The records of a PhysioNet .text file, each written as a part until the file's every record is done. */
function physionetUnits(
  file: string,
  out: string,
  units: Unit[],
  physionet: Map<string, { final: string; parts: string[]; encoding: 'latin1' | 'utf8' }>,
  skips: Map<string, SkipCounts>,
  latin1: string[],
): void {
  const counts: SkipCounts = {};
  skips.set(file, counts);
  const read = decodeText(fs.readFileSync(file));
  if (read.latin1) latin1.push(file);
  const records = readPhysionet(read.text, undefined, undefined, counts);
  const final = path.join(out, path.basename(file));
  const partsDir = `${final}.parts`;
  const parts: string[] = [];
  for (const r of records) {
    const part = path.join(partsDir, `${r.id.replace(' ', '-')}.text`);
    parts.push(part);
    units.push({ id: r.id, patient: r.id.split(' ')[0], source: file, outputs: [part], assembled: final, read: () => ({ text: r.text, latin1: read.latin1 }) });
  }
  physionet.set(file, { final, parts, encoding: read.latin1 ? 'latin1' : 'utf8' });
}

/** Each PhysioNet file whose records all have their part (written by any shard): its .text, then the parts removed. */
function assemblePhysionet(
  physionet: Map<string, { final: string; parts: string[]; encoding: 'latin1' | 'utf8' }>,
  own: OwnRecord,
  ours: (file: string) => boolean,
  failed: string[],
): string[] {
  const written: string[] = [];
  for (const [file, { final, parts, encoding }] of physionet) {
    if (!parts.length || !parts.every((p) => fs.existsSync(p) && ours(p))) continue;
    const notes = parts.map((p) => ({ id: path.basename(p, '.text').replace('-', ' '), text: fs.readFileSync(p).toString(encoding) }));
    try {
      writeAtomically(final, Buffer.from(writePhysionetRecords(notes), encoding), own);
    } catch (err) {
      failed.push(`${file}: ${(err as Error).message}`);
      continue;
    }
    fs.rmSync(path.dirname(parts[0] ?? `${final}.parts/x`), { recursive: true, force: true });
    written.push(final);
  }
  return written;
}
