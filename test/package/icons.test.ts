/**
 * The activity-bar and view icon: VS Code draws it as a mask in the theme's foreground
 * (its activity-bar icon guidelines: 24x24, monochrome), so it must use currentColor only,
 * and it must be the note-with-a-highlight glyph, not the flask the Testing view also uses.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

describe('package: the activity-bar icon', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  const icon: string = manifest.contributes.viewsContainers.activitybar[0].icon;

  it('is a 24x24 monochrome SVG in currentColor, used by the container and its view', () => {
    assert.equal(manifest.contributes.views.biomedNlp[0].icon, icon);
    const svg = fs.readFileSync(path.join(ROOT, icon), 'utf8');
    assert.match(svg, /viewBox="0 0 24 24"/);
    const paints = [...svg.matchAll(/(?:fill|stroke)="([^"]+)"/g)].map((m) => m[1]).filter((p) => p !== 'none');
    assert.ok(paints.length > 0);
    assert.deepEqual([...new Set(paints)], ['currentColor'], 'no colour of its own: the theme colours it');
    assert.doesNotMatch(svg, /<(image|text|style)\b|style=/, 'shapes only, nothing a mask would lose');
  });

  it('draws a page with a highlighted span (a filled mark), not a flask', () => {
    const svg = fs.readFileSync(path.join(ROOT, icon), 'utf8');
    // A page and lines of text (stroked paths), and a filled rectangle over one line: the highlight.
    assert.ok((svg.match(/<path /g) ?? []).length >= 2);
    assert.match(svg, /<rect [^>]*fill="currentColor"[^>]*stroke="none"/);
    // The old flask's neck and body.
    assert.doesNotMatch(svg, /M9 3h6M10 3v6\.5/);
  });
});
