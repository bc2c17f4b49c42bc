// Writes what is generated from the colour table (client/src/legend.ts, compiled to out/ by
// `npx tsc -b`): the colour parts of package.json's `contributes`, the walkthrough's colour
// step (media/walkthrough/colours.md) and its swatches (media/legend/*.svg).
// `npm run legend` runs tsc and this; test/package/legend.test.ts fails when they disagree.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const legend = createRequire(import.meta.url)(path.join(root, 'out/client/src/legend.js'));

// package.json is edited by several people: read it right before writing, change only our keys.
const file = path.join(root, 'package.json');
const manifest = JSON.parse(fs.readFileSync(file, 'utf8'));
const parts = legend.manifestParts();
const c = manifest.contributes;
c.semanticTokenTypes = parts.semanticTokenTypes;
c.semanticTokenModifiers = parts.semanticTokenModifiers;
c.semanticTokenScopes = parts.semanticTokenScopes;
c.colors = parts.colors;
c.configurationDefaults = { ...c.configurationDefaults, ...parts.configurationDefaults };
fs.writeFileSync(file, JSON.stringify(manifest, null, 2) + '\n');

fs.writeFileSync(path.join(root, 'media/walkthrough/colours.md'), legend.walkthroughMarkdown());
const dir = path.join(root, 'media/legend');
fs.mkdirSync(dir, { recursive: true });
for (const f of fs.readdirSync(dir)) if (f.endsWith('.svg')) fs.rmSync(path.join(dir, f));
for (const t of legend.ENTITY_LEGEND) {
  for (const k of legend.THEME_KINDS) fs.writeFileSync(path.join(root, legend.swatchPath(t.id, k)), legend.swatchSvg(t, k));
}
console.log('wrote package.json (colour parts), media/walkthrough/colours.md, media/legend/*.svg');
