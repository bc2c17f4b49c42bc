/**
 * `biomed deid`: de-identified copies of notes, folders and corpus files (PhysioNet `.text`,
 * JSON lines, PubTator, BioC JSON, i2b2 XML), in the layout they came in (deidHelp.ts). The
 * replacements are the engine's (`deid.deidentify`: deterministic from the seed and the
 * patient, so shards and reruns agree without sharing state); this module lists the notes
 * and the documents of corpus files (deidCorpus.ts), splits them into shards, skips those
 * done and writes each output atomically, recorded as biomed's own, as `biomed annotate` does. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { deid, formats } from '../engine';
import { listInputs, notNotesSkipped, real, within } from './annotateInputs';
import { OwnRecord, writeAtomically } from './annotateOutputs';
import { intOption, choice, parse, refuseOutOverInput, reportSkips, UsageError } from './args';
import { inShard, parseShard } from './corpus';
import { assemble, Assembly, corpusUnits, DeidCorpusKind, deidCorpusKind, DeidText, readText, reportCorpusSkips, Unit } from './deidCorpus';
import { DEID_COMMAND_HELP as HELP } from './deidHelp';
import { phiReplaced } from './deidOutput';

const { deidentify, DEID_STYLES, deidI2b2Xml, rebaseBratAnn } = deid;
type PatientKey = deid.PatientKey;
type SkipCounts = formats.SkipCounts;

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
  if (positionals.length === 0) throw new UsageError('Give at least one note, folder or corpus file to de-identify.', HELP);
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
  // Corpus files of layouts not read here would be read as one plain note, their markup with it.
  const other = positionals.find((p) => fs.statSync(p).isFile() && /\.(json|csv)$/i.test(p) && !deidCorpusKind(p));
  if (other)
    throw new UsageError(
      `${other}: biomed deid reads notes, folders of notes, PhysioNet .text, JSON lines (.jsonl), PubTator (.pubtator), BioC JSON (.bioc.json) and i2b2 XML (.xml) files, not this layout.`,
      HELP,
    );
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
  const unreadableFiles: string[] = [];
  const assemblies = new Map<string, Assembly>();
  const skips = new Map<string, SkipCounts>();
  const corpusFiles = new Set<string>();
  const latin1 = new Set<string>();
  const notes: string[] = [];
  /** A corpus file: its documents as units (a file not read at all: said at once, and counted). */
  const corpus = (file: string, kind: DeidCorpusKind, final: string) => {
    const counts: SkipCounts = {};
    skips.set(file, counts);
    if (kind !== 'physionet') corpusFiles.add(file);
    const why = corpusUnits(file, kind, final, units, assemblies, counts);
    if (why) {
      console.error(`${file}: ${why}; nothing written for it`);
      unreadableFiles.push(`${file}: ${why}`);
    }
  };
  for (const p of positionals) {
    const kind = fs.statSync(p).isFile() ? deidCorpusKind(p) : undefined;
    if (kind) corpus(p, kind, path.join(out, path.basename(p)));
    else notes.push(p);
  }
  const notNotes: string[] = [];
  const listed = listInputs(notes, [real(out)], notNotes);
  // In a folder, corpus files are read in their layout and i2b2 2014 XML files as notes (one a file).
  const below = (f: string) => {
    const input = notes.find((p) => fs.statSync(p).isDirectory() && within(real(f), real(p)))!;
    return path.relative(input, f);
  };
  for (const f of notNotes) {
    const kind = deidCorpusKind(f);
    if (kind) corpus(f, kind, path.join(out, below(f)));
    else if (/\.xml$/i.test(f)) listed.push({ file: f, id: below(f).replace(/\.[^.]+$/, '') });
  }
  for (const n of listed) {
    const input = notes.find((p) => fs.statSync(p).isDirectory() && within(real(n.file), real(p)));
    const rel = input ? path.relative(input, n.file) : path.basename(n.file);
    const ann = /\.txt$/.test(n.file) ? n.file.replace(/\.txt$/, '.ann') : undefined;
    const withAnn = ann !== undefined && fs.existsSync(ann);
    const isXml = /\.xml$/i.test(n.file);
    const folder = path.dirname(rel) !== '.' ? path.dirname(rel) : path.basename(path.resolve(input ?? path.dirname(n.file)));
    units.push({
      id: n.id,
      ...(isXml ? { label: n.file } : {}),
      patient: patientOf === 'folder' ? folder : n.id,
      source: n.file,
      outputs: [...(withAnn ? [path.join(out, rel.replace(/\.txt$/, '.ann'))] : []), path.join(out, rel)],
      produce: (deidText, counts) => {
        const note = readText(n.file);
        if (isXml) {
          corpusFiles.add(n.file);
          return { contents: [deidI2b2Xml(note.text, deidText, counts)], latin1: note.latin1 };
        }
        const result = deidText(note.text);
        if (!withAnn) return { contents: [result.text], latin1: note.latin1 };
        const annText = readText(ann).text;
        return { contents: [rebaseBratAnn(annText, note.text.length, result.text, result.edits, counts), result.text], latin1: note.latin1 };
      },
    });
  }
  // An .ann beside its .txt is written with it, not skipped; nor are i2b2 XML notes and corpus files.
  const skippedFiles = notNotes.filter((f) => !(/\.ann$/.test(f) && fs.existsSync(f.replace(/\.ann$/, '.txt'))) && !/\.xml$/i.test(f) && !deidCorpusKind(f));
  if (skippedFiles.length) console.error(notNotesSkipped(skippedFiles));

  const own = new OwnRecord(out);
  const summary = { written: 0, skipped: 0, otherShards: 0, unreadable: unreadableFiles, failed: [] as string[], datesTagged: 0 };
  const counts: Record<string, number> = {};
  const started = Date.now();
  let sinceKey = 0;
  // The record keeps in memory only the files it knew at the start: this run's own are known here.
  const writtenNow = new Set<string>();
  for (const u of units) {
    const label = u.label ?? u.id;
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
    // A corpus file's copy too: assembled over it, it would be replaced.
    const foreign = [...u.outputs, ...(u.assembled !== undefined ? [u.assembled] : [])].find((o) => fs.existsSync(o) && !own.owns(o));
    if (foreign && !force) {
      summary.failed.push(`${label}: ${foreign} exists and was not written by biomed; move it away or give --force`);
      continue;
    }
    // What this note's texts gave, merged into the summary once its copy is written.
    const got = { counts: {} as Record<string, number>, datesTagged: 0, names: {} as Record<string, string>, shift: undefined as number | undefined };
    const deidText: DeidText = (text) => {
      if (text.includes('\u0000')) throw new Error('its text holds NUL characters (binary data)');
      const r = deidentify(text, { style, seed, patient: u.patient });
      for (const [type, n] of Object.entries(r.counts)) got.counts[type] = (got.counts[type] ?? 0) + n;
      got.datesTagged += r.datesTagged;
      if (r.key) {
        got.shift = r.key.dateShiftDays;
        Object.assign(got.names, r.key.names);
      }
      return r;
    };
    const fileSkips = skips.get(u.source) ?? {};
    let made: ReturnType<Unit['produce']>;
    try {
      made = u.produce(deidText, fileSkips);
    } catch (err) {
      console.error(`${label}: ${(err as Error).message}; nothing written for it`);
      summary.unreadable.push(`${label}: ${(err as Error).message}`);
      continue;
    }
    if (Object.keys(fileSkips).length) skips.set(u.source, fileSkips);
    if (made.latin1) latin1.add(u.source);
    try {
      u.outputs.forEach((o, i) => writeAtomically(o, Buffer.from(made.contents[i], made.latin1 ? 'latin1' : 'utf8'), own));
      for (const o of u.outputs) writtenNow.add(o);
    } catch (err) {
      summary.failed.push(`${label}: ${(err as Error).message}`);
      continue;
    }
    summary.written++;
    summary.datesTagged += got.datesTagged;
    for (const [type, n] of Object.entries(got.counts)) counts[type] = (counts[type] ?? 0) + n;
    if (got.shift !== undefined) {
      const k = (key.patients[u.patient] ??= { dateShiftDays: got.shift, names: {} });
      Object.assign(k.names, got.names);
    }
    if (keyFile !== undefined && ++sinceKey >= 200) {
      writeAtomically(keyFile, JSON.stringify(key, null, 1) + '\n');
      sinceKey = 0;
    }
  }
  if (keyFile !== undefined) writeAtomically(keyFile, JSON.stringify(key, null, 1) + '\n');
  const assembled = assemble(assemblies, own, (p) => writtenNow.has(p) || own.owns(p), summary.failed);

  for (const [file, s] of skips) {
    if (corpusFiles.has(file)) reportCorpusSkips(file, s);
    else reportSkips(file, s, 'lines', false);
  }
  for (const f of latin1) console.error(`${f}: not UTF-8, read as Latin-1 (and written back in it)`);
  const [replaced, byType] = phiReplaced(counts);
  console.log(
    `biomed deid (${style}): ${summary.written} ${summary.written === 1 ? 'note' : 'notes'} written, ${summary.skipped} skipped (done earlier)` +
      `${summary.unreadable.length ? `, ${summary.unreadable.length} unreadable` : ''}${summary.failed.length ? `, ${summary.failed.length} failed` : ''} in ${((Date.now() - started) / 1000).toFixed(1)} s; ` +
      `${replaced}${byType}.`,
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
