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
  MARKS,
  MODIFIER_LEGEND,
  PHI_LEGEND,
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
/** Every token type with a colour: the entity types and PHI. */
const TYPES = [...ENTITY_LEGEND, PHI_LEGEND];

describe('package: the colour legend', () => {
  it('follows the semantic token legend order', () => {
    // PHI (lsp/phi.ts) after the entity types.
    assert.deepEqual([...ENTITY_LEGEND.map((t) => t.id), PHI_LEGEND.id], LEGEND.tokenTypes);
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
        for (const t of TYPES) {
          const c = contrast(t.colour[k], theme.background);
          assert.ok(c >= 4.5, `${t.id} on ${theme.id}: ${c.toFixed(2)}:1`);
          if (t === PHI_LEGEND) continue;
          const d = contrast(dimmed(t as (typeof ENTITY_LEGEND)[number], k), theme.background);
          assert.ok(d >= 3, `dimmed ${t.id} on ${theme.id}: ${d.toFixed(2)}:1`);
          const e = deltaE(t.colour[k], theme.foreground);
          assert.ok(e >= 25, `${t.id} vs the text of ${theme.id}: ΔE ${e.toFixed(1)}`);
        }
      }
    }
  });

  it('every two types differ clearly in each theme kind (ΔE >= 25)', () => {
    for (const k of THEME_KINDS) {
      for (const a of TYPES) {
        for (const b of TYPES) {
          if (a.id >= b.id) continue;
          const e = deltaE(a.colour[k], b.colour[k]);
          assert.ok(e >= 25, `${a.id} vs ${b.id} in ${k}: ΔE ${e.toFixed(1)}`);
        }
      }
    }
  });

  it('status modifiers change the style, not the hue: no status carries a colour; historical is bold, not dimmed', () => {
    for (const k of THEME_KINDS) {
      const rules = manifestParts().configurationDefaults['editor.semanticTokenColorCustomizations'] as Record<string, { rules: Record<string, unknown> }>;
      const r = Object.values(rules)[THEME_KINDS.indexOf(k)].rules;
      assert.deepEqual(r['*.possible'], { italic: true });
      assert.deepEqual(r['*.hypothetical'], { italic: true });
      assert.deepEqual(r['*.family'], { underline: true });
      // Known before this visit is no "gone": a dimmed chronic disease read as resolved.
      assert.deepEqual(r['*.historical'], { bold: true });
      for (const t of ENTITY_LEGEND) assert.equal(r[`${t.id}.historical`], undefined, `${t.id}.historical in ${k}`);
      assert.equal(Object.keys(r).filter((key) => key.includes('.') && (r[key] as { foreground?: string }).foreground).length, 0);
      // Struck through reads as deleted text: never used. Bold is historical's alone (the legend says what it means).
      for (const [key, rule] of Object.entries(r)) {
        assert.ok(typeof rule === 'string' || !('strikethrough' in (rule as object)), `${key} in ${k}`);
        if (typeof rule !== 'string' && 'bold' in (rule as object)) assert.equal(key, '*.historical', `${key} in ${k}`);
      }
      // Negated and unreviewed are marks the client draws, no token style.
      for (const id of ['negated', 'suggested', 'related', 'curated']) assert.equal(r[`*.${id}`], undefined, `*.${id} in ${k}`);
    }
  });

  it('each status has a channel of its own, and review state one no status uses', () => {
    const channel = (m: (typeof MODIFIER_LEGEND)[number]) => Object.entries(m.style).map(([k, v]) => (k === 'mark' ? `mark:${v}` : k));
    const statuses = MODIFIER_LEGEND.filter((m) => !['related', 'suggested', 'curated'].includes(m.id));
    for (const m of MODIFIER_LEGEND) assert.ok(channel(m).length <= 1, `${m.id}: one channel, not ${channel(m).join(' + ')}`);
    for (const a of statuses) {
      for (const b of statuses) {
        // possible, hypothetical (and possible's old name) say the same to a reader: "may not be so".
        const maybe = ['possible', 'hypothetical', 'uncertain'];
        if (a.id < b.id && !(maybe.includes(a.id) && maybe.includes(b.id))) assert.notDeepEqual(channel(a), channel(b), `${a.id} vs ${b.id}`);
      }
    }
    const suggested = channel(MODIFIER_LEGEND.find((m) => m.id === 'suggested')!);
    assert.deepEqual(suggested, ['mark:box']);
    for (const m of statuses) assert.notDeepEqual(channel(m), suggested, m.id);
    for (const m of MODIFIER_LEGEND) assert.ok(m.looks.length > 10, `${m.id} says in words how it looks`);
  });

  it('the marks are visible and keep the types readable: box >= 3:1, every type on the band >= 4.5:1 (dimmed >= 3:1)', () => {
    for (const k of THEME_KINDS) {
      for (const theme of THEMES[k]) {
        const box = contrast(MARKS.box.colour[k], theme.background);
        assert.ok(box >= 3, `box on ${theme.id}: ${box.toFixed(2)}:1`);
        const band = MARKS.band.colour[k];
        assert.ok(deltaE(band, theme.background) >= 5, `band vs ${theme.id}: ΔE ${deltaE(band, theme.background).toFixed(1)}`);
        for (const t of ENTITY_LEGEND) {
          const c = contrast(t.colour[k], band);
          assert.ok(c >= 4.5, `${t.id} on the band in ${theme.id}: ${c.toFixed(2)}:1`);
          assert.ok(contrast(dimmed(t, k), band) >= 3, `dimmed ${t.id} on the band in ${theme.id}`);
        }
      }
    }
    const ids = manifest.contributes.colors.map((c: { id: string }) => c.id);
    for (const m of Object.values(MARKS)) assert.ok(ids.includes(m.colourId), `${m.colourId} is a themeable colour`);
  });

  it("no type looks like the editor's error colour (ΔE >= 25): a note of problems is no page of errors", () => {
    // editorError.foreground of the built-in themes.
    const error: Record<string, string> = { light: '#e51400', dark: '#f14c4c', hcDark: '#f48771', hcLight: '#b5200d' };
    for (const k of THEME_KINDS) {
      for (const t of TYPES) {
        const e = deltaE(t.colour[k], error[k]);
        assert.ok(e >= 25, `${t.id} vs the error colour in ${k}: ΔE ${e.toFixed(1)}`);
      }
    }
  });

  it('notes wrap by default, never inside a number, dose or abbreviation (test/e2e/noteStyles.test.ts renders it)', () => {
    const note = manifest.contributes.configurationDefaults['[clinical-note]'];
    assert.equal(note['editor.wordWrap'], 'on');
    // VS Code breaks after "." "/" "," "°" and before "+" by default: "1.1 cm", "mg/dL", "b.i.d.", "120/80", "38.5°C", "2+ edema".
    for (const c of ['.', '/', ',', '°', '&', '%']) assert.ok(!note['editor.wordWrapBreakAfterCharacters'].includes(c), `no break after "${c}"`);
    for (const c of ['+', '$']) assert.ok(!note['editor.wordWrapBreakBeforeCharacters'].includes(c), `no break before "${c}"`);
    assert.ok(note['editor.wordWrapBreakAfterCharacters'].startsWith(' \t'), 'spaces still break');
  });

  it('brackets are not coloured in notes: "(angioedema)" is body text, colour means an entity', () => {
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, 'language-configuration.json'), 'utf8'));
    assert.deepEqual(config.colorizedBracketPairs, []);
    assert.ok(config.brackets.length > 0, 'brackets still match');
  });
});
