/**
 * The settings reference (docs/reference/settings.md) is generated from package.json's
 * `contributes.configuration` by scripts/settings-doc.mjs: the file on disk must be exactly what
 * the generator writes now, and every setting must be in it with its default. A setting added,
 * renamed or given a new default without `npm run docs:settings` fails here.
 */
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../support/paths';

const DOC = path.join(ROOT, 'docs', 'reference', 'settings.md');
const REGENERATE = 'run `npm run docs:settings` after changing a setting in package.json';

type Schema = { default?: unknown };
type Generator = {
  settingsMarkdown(manifest: unknown): string;
  settingEntries(manifest: unknown): [string, Schema][];
};

// The generator is plain ESM; node16 module output keeps this import() a real dynamic import.
const loadGenerator = async (): Promise<Generator> => import(pathToFileURL(path.join(ROOT, 'scripts', 'settings-doc.mjs')).href);
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const sections = (): Record<string, Schema>[] => {
  const c = manifest.contributes.configuration;
  return (Array.isArray(c) ? c : [c]).map((s: { properties?: Record<string, Schema> }) => s.properties ?? {});
};

describe('package: the generated settings reference', () => {
  it('docs/reference/settings.md is exactly what scripts/settings-doc.mjs generates', async () => {
    const { settingsMarkdown } = await loadGenerator();
    assert.equal(fs.readFileSync(DOC, 'utf8'), settingsMarkdown(manifest), `docs/reference/settings.md is stale: ${REGENERATE}`);
  });

  it('names every setting of package.json with its default (JSON) under its own heading', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const keys = sections().flatMap((p) => Object.entries(p));
    assert.ok(keys.length > 0, 'package.json declares settings');
    for (const [key, schema] of keys) {
      const start = doc.indexOf(`# \`${key}\`\n`);
      assert.ok(start >= 0, `${key} has a heading in docs/reference/settings.md: ${REGENERATE}`);
      const next = doc.indexOf('\n#', start + 1);
      const entry = doc.slice(start, next < 0 ? undefined : next);
      const expected = 'default' in schema ? `- Default: \`${JSON.stringify(schema.default)}\`` : '- Default: (none)';
      assert.ok(entry.includes(expected), `${key}: expected "${expected}" in its entry: ${REGENERATE}`);
    }
  });

  it('the generator reads configuration as one object or as an array of sections', async () => {
    const { settingsMarkdown, settingEntries } = await loadGenerator();
    const props = {
      'x.a': { type: 'number', default: 4, description: 'A.' },
      'x.b': { type: 'string', enum: ['p', 'q'], enumDescriptions: ['P.', 'Q.'], default: 'p' },
    };
    const one = { contributes: { configuration: { title: 'X', properties: props } } };
    const many = {
      contributes: {
        configuration: [
          { title: 'X1', properties: { 'x.a': props['x.a'] } },
          { title: 'X2', properties: { 'x.b': props['x.b'] } },
        ],
      },
    };
    assert.deepEqual(
      settingEntries(many).map(([k]) => k),
      ['x.a', 'x.b'],
    );
    for (const m of [one, many]) {
      const md = settingsMarkdown(m);
      assert.ok(md.startsWith('<!-- Generated'), 'the first line says it is generated');
      assert.ok(md.includes('`npm run docs:settings`'), 'and by which command');
      assert.ok(md.includes('- Default: `4`') && md.includes('- Default: `"p"`'), 'defaults as JSON');
      assert.ok(md.includes('`q`: Q.'), 'enum values with their descriptions');
    }
    assert.ok(settingsMarkdown(many).includes('## X2'), 'sections get their titles when there are several');
  });

  it('`node scripts/settings-doc.mjs --check` passes on the checked-in file', () => {
    const { status, stderr } = spawnSync(process.execPath, ['scripts/settings-doc.mjs', '--check'], { cwd: ROOT, encoding: 'utf8' });
    assert.equal(status, 0, stderr);
  });
});
