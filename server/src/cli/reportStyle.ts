/**
 * The style sheet inside `biomed report`'s page. It reads from a phone's width (360 px) up:
 * a table wider than the window scrolls sideways in its own box (its first column stays in
 * view), never the page; a cell breaks only between words; the chart scales down to its
 * column. Printed, it lays out on A4 with no scrolling box, rows and the chart kept whole
 * and the colours kept. No URL and no font from outside: the page stays self-contained.
 */
export const REPORT_CSS = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 60rem; padding: 0 1rem; color: #1b1b1b; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: .2rem; }
h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ddd; padding-bottom: .2rem; }
p.source { color: #555; margin-top: 0; overflow-wrap: anywhere; }
.scroll { overflow-x: auto; margin: .5rem 0; }
table { border-collapse: collapse; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #e4e4e4; text-align: right; overflow-wrap: break-word; }
th { background: #f4f4f4; font-weight: 600; }
td { white-space: nowrap; font-variant-numeric: tabular-nums; }
thead th { white-space: nowrap; }
th:first-child { text-align: left; position: sticky; left: 0; }
th[scope=row] { min-width: 7em; }
table.types th[scope=row] { white-space: nowrap; min-width: 0; }
.note { color: #555; font-size: .9rem; }
.legend span { display: inline-block; margin-right: 1.2rem; }
.swatch { display: inline-block; width: .9rem; height: .9rem; vertical-align: -.1rem; margin-right: .3rem; }
.affirmed { fill: #2b6cb0; background: #2b6cb0; }
.negated { fill: #c05621; background: #c05621; }
.other { fill: #a0aec0; background: #a0aec0; }
svg.chart { display: block; width: 100%; height: auto; }
svg text { font: 13px system-ui, sans-serif; fill: #1b1b1b; }
svg text.label { font-weight: 600; }
@media (max-width: 40rem) {
  body { font-size: 14px; margin: 1rem auto; padding: 0 .75rem; }
  th, td { padding: .2rem .4rem; }
}
@page { size: A4; margin: 15mm; }
@media print {
  body { font-size: 10pt; margin: 0; max-width: none; padding: 0; color: #000; }
  .note, p.source { color: #333; }
  .scroll { overflow: visible; }
  th:first-child { position: static; }
  th, td { padding: .15rem .4rem; border-bottom-color: #999; }
  h2 { break-after: avoid; }
  p.note { break-after: avoid; }
  thead { display: table-header-group; }
  tr, .chart { break-inside: avoid; }
  .swatch, svg.chart { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  .other { fill: #8796aa; background: #8796aa; }
}
`;
