/** `biomed vocab build` through the real bundle (dist/cli.js): the summary, the file it writes, synonyms, and bad input. */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { nameKeys } from '../../server/src/engine/linking/normalise';
import { openVocabulary } from '../../server/src/engine/linking/vocab/open';
import { cliSandbox, showResult } from '../support/cli';
import { FIXTURES } from '../support/paths';

const DIR = path.join(FIXTURES, 'linking', 'vocab');

describe('biomed vocab build', function () {
  this.timeout(60_000);
  const { tmp, biomed } = cliSandbox('biomed-vocab-');

  it('builds MEDIC with synonym corpora: the summary names the new concepts, and the file answers', async () => {
    const out = path.join(tmp(), 'medic.vocab');
    const r = await biomed([
      'vocab',
      'build',
      path.join(DIR, 'medic_excerpt.txt'),
      '--format',
      'medic',
      '--out',
      out,
      '--label',
      'MEDIC',
      '--synonyms',
      path.join(DIR, 'synonyms.pubtator'),
      '--synonyms',
      path.join(DIR, 'synonyms.ann'),
    ]);
    assert.equal(r.code, 0, showResult(r));
    assert.match(
      r.stdout,
      new RegExp(
        `^Wrote ${out.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')} \\([\\d.]+ MB\\) in [\\d.]+ s: 10 concepts, \\d+ names, \\d+ name keys, \\d+ IDs\\.$`,
        'm',
      ),
    );
    assert.match(r.stdout, /^Synonyms: 4 names added to concepts of the vocabulary\.$/m);
    assert.match(r.stdout, /^1 ID of the synonym corpora not in the vocabulary became concepts of their own: MESH:D999999\.$/m);
    assert.match(r.stdout, /^Note: 1 composite mention not added \(a composite names no single concept\)\.$/m);
    // Not a terminal: progress comes as plain lines on stderr, one per step.
    assert.match(r.stderr, /\[0\/100\] reading medic_excerpt\.txt/);
    const v = openVocabulary(out);
    try {
      assert.equal(v.label, 'MEDIC');
      assert.equal(v.concept(v.exact(nameKeys('AF spell')[0])[0]).id, 'MESH:D001281');
      assert.equal(v.concept(v.byId('D006529')!).name, 'Hepatomegaly');
    } finally {
      v.close();
    }
  });

  it('--synonyms: a PubTator mention line cut short is counted and named, never passed over; --strict refuses it and writes nothing', async () => {
    const d = tmp();
    const cut = path.join(d, 'cut.pubtator');
    const lines = fs.readFileSync(path.join(DIR, 'synonyms.pubtator'), 'utf8').trimEnd().split('\n');
    const mention = lines.findIndex((l) => /^\d+\t\d+\t/.test(l));
    lines[mention] = lines[mention].split('\t').slice(0, 2).join('\t');
    fs.writeFileSync(cut, lines.join('\n') + '\n');
    const args = ['vocab', 'build', path.join(DIR, 'medic_excerpt.txt'), '--format', 'medic', '--synonyms', cut];
    const r = await biomed([...args, '--out', path.join(d, 'a.vocab')]);
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stderr, /cut\.pubtator: skipped 1 line \(1 truncated line\)/);
    const strict = await biomed([...args, '--out', path.join(d, 'b.vocab'), '--strict']);
    assert.equal(strict.code, 1, showResult(strict));
    assert.match(strict.stderr, /cut\.pubtator: skipped 1 line \(1 truncated line\); --strict refuses/);
    assert.equal(fs.existsSync(path.join(d, 'b.vocab')), false);
  });

  it('builds UMLS with --sab and --lang', async () => {
    const out = path.join(tmp(), 'umls.vocab');
    const r = await biomed(['vocab', 'build', path.join(DIR, 'umls', 'MRCONSO.RRF'), '--format', 'umls', '--out', out, '--sab', 'MSH,RXNORM', '--lang', 'ENG']);
    assert.equal(r.code, 0, showResult(r));
    assert.match(r.stdout, /: 3 concepts, 4 names, /);
    const v = openVocabulary(out);
    try {
      assert.equal(v.byId('SNOMEDCT_US:49436004'), undefined, 'SNOMED rows were filtered out');
      assert.equal(v.concept(v.byId('MESH:D003920')!).id, 'UMLS:C0011849');
      // No --prefer: the --sab order ranks the sources for ties (MSH is written MESH in IDs).
      assert.deepEqual(v.sources, ['MESH', 'RXNORM']);
    } finally {
      v.close();
    }
    const preferred = path.join(tmp(), 'preferred.vocab');
    const p = await biomed([
      'vocab',
      'build',
      path.join(DIR, 'umls', 'MRCONSO.RRF'),
      '--format',
      'umls',
      '--out',
      preferred,
      '--prefer',
      'RXNORM',
      '--prefer',
      'MSH',
    ]);
    assert.equal(p.code, 0, showResult(p));
    const w = openVocabulary(preferred);
    try {
      assert.deepEqual(w.sources, ['RXNORM', 'MESH']);
    } finally {
      w.close();
    }
  });

  it('bad input: exit 1 with the file and line, and no output file', async () => {
    const dir = tmp();
    const bad = path.join(dir, 'bad.tsv');
    fs.writeFileSync(bad, 'LOCAL:1\tchest pain\nLOCAL:2 dyspnoea\n');
    const out = path.join(dir, 'bad.vocab');
    const r = await biomed(['vocab', 'build', bad, '--format', 'tsv', '--out', out]);
    assert.equal(r.code, 1, showResult(r));
    assert.equal(r.stderr.trim().split('\n').pop(), `biomed vocab: ${bad} line 2: one field where a row has id<TAB>name[<TAB>type] (is it tab-separated?)`);
    assert.deepEqual(fs.readdirSync(dir), ['bad.tsv']);
  });

  it('usage errors: exit 2 with what to do', async () => {
    const noFormat = await biomed(['vocab', 'build', path.join(DIR, 'local.tsv'), '--out', path.join(tmp(), 'x.vocab')]);
    assert.equal(noFormat.code, 2, showResult(noFormat));
    assert.match(noFormat.stderr, /--format is required: one of umls, medic, ctd-chemicals, mesh-xml, obo, tsv\./);
    const wrongFormat = await biomed(['vocab', 'build', path.join(DIR, 'local.tsv'), '--format', 'csv', '--out', 'x.vocab']);
    assert.equal(wrongFormat.code, 2);
    assert.match(wrongFormat.stderr, /--format must be one of umls, medic, ctd-chemicals, mesh-xml, obo, tsv \(got "csv"\)/);
    const sab = await biomed(['vocab', 'build', path.join(DIR, 'local.tsv'), '--format', 'tsv', '--out', 'x.vocab', '--sab', 'MSH']);
    assert.equal(sab.code, 2);
    assert.match(sab.stderr, /--sab, --lang, --prefer, --own-sources and --suppressed are for UMLS \(--format umls\) only\./);
    const own = await biomed(['vocab', 'build', path.join(DIR, 'local.tsv'), '--format', 'tsv', '--out', 'x.vocab', '--own-sources', 'MSH,OMIM']);
    assert.equal(own.code, 2);
    assert.match(own.stderr, /--own-sources and --suppressed are for UMLS/);
    const broad = await biomed(['vocab', 'build', path.join(DIR, 'local.tsv'), '--format', 'tsv', '--out', 'x.vocab', '--broad-synonyms']);
    assert.equal(broad.code, 2);
    assert.match(broad.stderr, /--broad-synonyms is for OBO ontologies \(--format obo\) only\./);
    const help = await biomed(['vocab', 'build', '--help']);
    assert.equal(help.code, 0);
    assert.match(help.stdout, /^Usage: biomed vocab build SOURCE\.\.\. --format FORMAT --out FILE\.vocab/);
  });
});
