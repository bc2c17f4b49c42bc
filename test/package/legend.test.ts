/**
 * The colour table (client/src/legend.ts) and what is generated from it: package.json's colour
 * parts, the walkthrough's colour step and its swatches must be exactly what
 * `node scripts/legend.mjs` writes; and the table's colours are readable and tell the types
 * apart in every theme kind. (The e2e test test/e2e/colours.test.ts reads the colours VS Code
 * actually renders.)
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { contrast, deltaE } from '../../client/src/colour';
import {
  dimmed,
  ENTITY_LEGEND,
  manifestParts,
  MODIFIER_LEGEND,
  swatchPath,
  swatchSvg,
  THEME_KINDS,
  THEMES,
  walkthroughMarkdown,
} from '../../client/src/legend';
import { LEGEND } from '../../server/src/lsp/semanticTokens';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const REGENERATE = 'run `npm run legend` after changing client/src/legend.ts';

describe('package: the colour legend', () => {
  it('follows the semantic token legend order', () => {
    assert.deepEqual(
      ENTITY_LEGEND.map((t) => t.id),
      LEGEND.tokenTypes,
    );
    assert.deepEqual(
      MODIFIER_LEGEND.map((m) => m.id),
      LEGEND.tokenModifiers,
    );
  });

  it('package.json holds exactly the generated colour parts', () => {
    const parts = manifestParts();
    const c = manifest.contributes;
    assert.deepEqual(c.semanticTokenTypes, parts.semanticTokenTypes, REGENERATE);
    assert.deepEqual(c.semanticTokenModifiers, parts.semanticTokenModifiers, REGENERATE);
    assert.deepEqual(c.semanticTokenScopes, parts.semanticTokenScopes, REGENERATE);
    assert.deepEqual(c.colors, parts.colors, REGENERATE);
    for (const [key, value] of Object.entries(parts.configurationDefaults)) assert.deepEqual(c.configurationDefaults[key], value, `${key}: ${REGENERATE}`);
  });

  it('the walkthrough colour step and its swatches are generated from the table', () => {
    assert.equal(fs.readFileSync(path.join(ROOT, 'media/walkthrough/colours.md'), 'utf8'), walkthroughMarkdown(), REGENERATE);
    for (const t of ENTITY_LEGEND) {
      for (const k of THEME_KINDS) {
        const svg = fs.readFileSync(path.join(ROOT, swatchPath(t.id, k)), 'utf8');
        assert.equal(svg, swatchSvg(t, k), REGENERATE);
        assert.ok(svg.includes(`fill="${t.colour[k]}"`), `${t.id} ${k} swatch has its colour`);
      }
    }
    const md = walkthroughMarkdown();
    for (const t of ENTITY_LEGEND) for (const k of THEME_KINDS) assert.ok(md.includes(`../legend/${t.id}-${k}.svg`), `${t.id} ${k} in the walkthrough`);
  });

  it('every type is readable on each theme background (>= 4.5:1; dimmed >= 3:1) and unlike body text', () => {
    for (const k of THEME_KINDS) {
      for (const theme of THEMES[k]) {
        for (const t of ENTITY_LEGEND) {
          const c = contrast(t.colour[k], theme.background);
          assert.ok(c >= 4.5, `${t.id} on ${theme.id}: ${c.toFixed(2)}:1`);
          const d = contrast(dimmed(t, k), theme.background);
          assert.ok(d >= 3, `dimmed ${t.id} on ${theme.id}: ${d.toFixed(2)}:1`);
          const e = deltaE(t.colour[k], theme.foreground);
          assert.ok(e >= 25, `${t.id} vs the text of ${theme.id}: ΔE ${e.toFixed(1)}`);
        }
      }
    }
  });

  it('every two types differ clearly in each theme kind (ΔE >= 25)', () => {
    for (const k of THEME_KINDS) {
      for (const a of ENTITY_LEGEND) {
        for (const b of ENTITY_LEGEND) {
          if (a.id >= b.id) continue;
          const e = deltaE(a.colour[k], b.colour[k]);
          assert.ok(e >= 25, `${a.id} vs ${b.id} in ${k}: ΔE ${e.toFixed(1)}`);
        }
      }
    }
  });

  it('status modifiers change the style, not the hue: only historical carries a colour, a dimmed one per type', () => {
    for (const k of THEME_KINDS) {
      const rules = manifestParts().configurationDefaults['editor.semanticTokenColorCustomizations'] as Record<string, { rules: Record<string, unknown> }>;
      const r = Object.values(rules)[THEME_KINDS.indexOf(k)].rules;
      assert.deepEqual(r['*.negated'], { strikethrough: true });
      assert.deepEqual(r['*.possible'], { italic: true });
      assert.deepEqual(r['*.hypothetical'], { italic: true });
      for (const t of ENTITY_LEGEND) assert.deepEqual(r[`${t.id}.historical`], { foreground: dimmed(t, k) });
      assert.equal(Object.keys(r).filter((key) => key.startsWith('*.') && (r[key] as { foreground?: string }).foreground).length, 0);
    }
  });

  it('notes wrap by default', () => {
    assert.equal(manifest.contributes.configurationDefaults['[clinical-note]']['editor.wordWrap'], 'on');
  });
});
