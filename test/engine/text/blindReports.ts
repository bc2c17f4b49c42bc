/**
 * The blind report layouts (test/fixtures/sections/blind-reports.txt), read: each report's text
 * with its marked headers' offsets, and the segmenter's header recall and precision on them.
 * A header segment finds a marked header when the marked label starts inside it; a header
 * segment that holds no marked label is a false one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { segment } from '../../../server/src/engine/text/segment';
import { FIXTURES } from '../../support/paths';

export const BLIND_REPORTS = path.join(FIXTURES, 'sections', 'blind-reports.txt');

export interface BlindReport {
  type: string;
  number: number;
  text: string;
  /** Each marked header: its label and where the label starts in `text`. */
  headers: { label: string; start: number }[];
}

/** The reports of the fixture, in order. */
export function readBlindReports(file = BLIND_REPORTS): BlindReport[] {
  const reports: BlindReport[] = [];
  let current: { type: string; number: number; lines: string[] } | undefined;
  const flush = () => {
    if (!current) return;
    // Trailing blank lines belong to no report.
    while (current.lines.length > 0 && current.lines[current.lines.length - 1].trim() === '') current.lines.pop();
    let text = '';
    const headers: BlindReport['headers'] = [];
    const marked = current.lines.join('\n');
    const mark = /\[\[([^\]]*)\]\]/g;
    let last = 0;
    for (let m = mark.exec(marked); m; m = mark.exec(marked)) {
      text += marked.slice(last, m.index);
      headers.push({ label: m[1], start: text.length });
      text += m[1];
      last = m.index + m[0].length;
    }
    text += marked.slice(last);
    reports.push({ type: current.type, number: current.number, text, headers });
  };
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    const start = /^=== (\S+) (\d+)\s*$/.exec(line);
    if (start) {
      flush();
      current = { type: start[1], number: Number(start[2]), lines: [] };
    } else if (current) current.lines.push(line);
  }
  flush();
  return reports;
}

export interface HeaderScores {
  gold: number;
  found: number;
  headers: number;
  trueHeaders: number;
  recall: number;
  precision: number;
}

/** The segmenter's header recall and precision over these reports. */
export function headerScores(reports: readonly BlindReport[]): HeaderScores {
  let gold = 0;
  let found = 0;
  let headers = 0;
  let trueHeaders = 0;
  for (const r of reports) {
    const segs = segment(r.text).filter((s) => s.kind === 'header');
    gold += r.headers.length;
    headers += segs.length;
    found += r.headers.filter((h) => segs.some((s) => s.start <= h.start && h.start < s.end)).length;
    trueHeaders += segs.filter((s) => r.headers.some((h) => s.start <= h.start && h.start < s.end)).length;
  }
  return { gold, found, headers, trueHeaders, recall: gold ? found / gold : 0, precision: headers ? trueHeaders / headers : 0 };
}
