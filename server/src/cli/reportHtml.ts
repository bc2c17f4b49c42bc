/**
 * `biomed report`'s page: one self-contained HTML file (inline CSS, an inline SVG chart, no
 * script, no URL), so it opens offline and can be mailed or archived as it is. Every text
 * that comes from the corpus (ids, mentions, concept names, types, section names) is escaped.
 */
import { ConceptRow, CorpusSummary, STATUS_COLUMNS } from './reportSummary';
import { REPORT_CSS } from './reportStyle';
import { counted as plural } from './counted';

/** Marks a page as biomed report's own (the file's owner is decided by its recorded digest, not by this). */
export const GENERATOR = 'biomed report';

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

/** At most `max` characters (whole code points), an ellipsis when cut: chart labels stay in their column. */
const shorten = (s: string, max: number) => {
  const chars = [...s];
  return chars.length <= max ? s : `${chars.slice(0, max - 1).join('')}…`;
};

export function renderReport(s: CorpusSummary, source: string): string {
  const parts = [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    '<meta charset="utf-8">',
    `<meta name="generator" content="${GENERATOR}">`,
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<title>Corpus report</title>',
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<h1>Corpus report</h1>',
    `<p class="source">${escapeHtml(source)}</p>`,
    `<p>${plural(s.documents, 'document', 'documents')}, ${plural(s.entities, 'entity', 'entities')} (${s.negated} negated), ${plural(s.distinctConcepts, 'concept', 'concepts')}, ${plural(s.relations, 'relation', 'relations')}, ${plural(s.findings, 'NLI finding', 'NLI findings')}.</p>`,
    typeTable(s),
    '<h2 id="concepts">Most frequent concepts</h2>',
    conceptChart(s.concepts),
    sectionTable(s),
    noteTable(s),
    '</body>',
    '</html>',
    '',
  ];
  return parts.join('\n');
}

/**
 * A table under the heading `id`, in a box that scrolls sideways when the table is wider than
 * the window (focusable, so the keyboard scrolls it too, and named by its heading). What the
 * columns mean is said above the box, not in a caption, so that it wraps to the window
 * rather than scrolling away with the table.
 */
function table(id: string, caption: string, head: string[], rows: string[][]): string {
  return [
    `<p class="note" id="${id}-about">${caption}</p>`,
    `<div class="scroll" role="region" aria-labelledby="${id}" tabindex="0">`,
    `<table class="${id}" aria-describedby="${id}-about">`,
    `<thead><tr>${head.map((h) => `<th scope="col">${h}</th>`).join('')}</tr></thead>`,
    '<tbody>',
    ...rows.map(([first, ...rest]) => `<tr><th scope="row">${first}</th>${rest.map((c) => `<td>${c}</td>`).join('')}</tr>`),
    '</tbody>',
    '</table>',
    '</div>',
  ].join('\n');
}

function typeTable(s: CorpusSummary): string {
  return [
    '<h2 id="types">Entities by type and status</h2>',
    s.types.length === 0
      ? '<p>No entities.</p>'
      : table(
          'types',
          'An entity with two statuses (negated and historical, say) is counted under both; affirmed: no status.',
          ['Type', 'Entities', ...STATUS_COLUMNS],
          s.types.map((t) => [escapeHtml(t.type), String(t.total), ...STATUS_COLUMNS.map((c) => String(t.byStatus[c]))]),
        ),
  ].join('\n');
}

/**
 * The chart's geometry, in its own units: each concept's label on a line of its own above its
 * bar, the counts after the bar. Narrow (about 440 wide) so that on a phone, scaled down to
 * the column, its words stay readable; it is never drawn larger than this.
 */
const BAR = { width: 180, counts: 260, row: 42, labelLine: 14, barTop: 19, bar: 14, top: 4 };

/** Horizontal stacked bars, affirmed then negated then the rest, each labelled in text. */
function conceptChart(concepts: ConceptRow[]): string {
  if (concepts.length === 0) return '<p>No concepts.</p>';
  const max = Math.max(...concepts.map((c) => c.total));
  const height = BAR.top * 2 + concepts.length * BAR.row - (BAR.row - BAR.barTop - BAR.bar);
  const width = BAR.width + BAR.counts;
  const rows = concepts.map((c, i) => {
    const y = BAR.top + i * BAR.row;
    const full = `${c.name}${c.id ? ` (${c.id})` : ''}, ${c.type}`;
    const counts = `${c.affirmed} affirmed, ${c.negated} negated${c.other ? `, ${c.other} other` : ''}`;
    // The counts in words beside the bar, those that are not zero.
    const shown = (['affirmed', 'negated', 'other'] as const)
      .filter((k) => c[k] > 0)
      .map((k) => `${c[k]} ${k}`)
      .join(', ');
    let x = 0;
    const bars = (['affirmed', 'negated', 'other'] as const)
      .filter((k) => c[k] > 0)
      .map((k) => {
        const w = (c[k] / max) * BAR.width;
        const rect = `<rect class="${k}" x="${x.toFixed(1)}" y="${y + BAR.barTop}" width="${w.toFixed(1)}" height="${BAR.bar}"><title>${escapeHtml(c.name)}: ${c[k]} ${k}</title></rect>`;
        x += w;
        return rect;
      });
    return [
      `<g><title>${escapeHtml(`${full}: ${counts}`)}</title>`,
      `<text class="label" x="0" y="${y + BAR.labelLine}">${escapeHtml(shorten(c.name, 30))}</text>`,
      ...bars,
      `<text x="${(x + 6).toFixed(1)}" y="${y + BAR.barTop + BAR.bar / 2}" dominant-baseline="middle">${c.total}: ${shown}</text>`,
      '</g>',
    ].join('');
  });
  return [
    '<div class="chart">',
    '<p class="legend"><span><span class="swatch affirmed"></span>affirmed</span><span><span class="swatch negated"></span>negated</span><span><span class="swatch other"></span>other status (possible, hypothetical, historical, family)</span></p>',
    `<svg role="img" aria-labelledby="chart-title chart-desc" class="chart" style="max-width: ${width}px" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<title id="chart-title">The ${plural(concepts.length, 'most frequent concept', 'most frequent concepts')}: affirmed against negated mentions</title>`,
    `<desc id="chart-desc">${escapeHtml(concepts.map((c) => `${c.name}: ${c.affirmed} affirmed, ${c.negated} negated, ${c.other} other`).join('; '))}</desc>`,
    ...rows,
    '</svg>',
    '<p class="note">A concept is a concept ID where the entity was linked (biomed annotate --vocab), else the mention\'s words and type; its name is the vocabulary\'s, or the commonest spelling.</p>',
    '</div>',
  ].join('\n');
}

function sectionTable(s: CorpusSummary): string {
  const types = s.types.map((t) => t.type);
  return [
    '<h2 id="sections">Entities per section</h2>',
    s.sections.length === 0
      ? '<p>No entities.</p>'
      : table(
          'sections',
          'Sections by their header, named as the section vocabulary knows them ("HPI" is history of present illness); documents: how many have entities in it.',
          ['Section', 'Documents', 'Entities', 'Negated', ...types.map(escapeHtml)],
          s.sections.map((r) => [escapeHtml(r.name), String(r.documents), String(r.total), String(r.negated), ...types.map((t) => String(r.byType[t] ?? 0))]),
        ),
  ].join('\n');
}

function noteTable(s: CorpusSummary): string {
  return [
    '<h2 id="notes">Per note</h2>',
    table(
      'notes',
      "Concepts: distinct concepts among the note's entities.",
      ['Document', 'Entities', 'Negated', 'Concepts', 'Relations'],
      s.notes.map((n) => [escapeHtml(n.id), String(n.entities), String(n.negated), String(n.concepts), String(n.relations)]),
    ),
  ].join('\n');
}
