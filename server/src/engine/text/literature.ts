/**
 * Whether a text reads as biomedical literature (an abstract, a paper's paragraph) rather than
 * a clinical note: the clinical entity types (problem, treatment, test) find little there, the
 * literature types (disease, chemical) are what it is annotated with.
 *
 * A plain heuristic, no model:
 *  - a clinical note says so by its headers: any header the segmenter finds whose section the
 *    vocabulary gives to a clinical report type (sectionVocabulary.json), unless abstracts
 *    write it too ("RESULTS:", "OBJECTIVE:"), makes it no literature; so do de-identification
 *    brackets ([** **]) and two or more words of clinical shorthand (y/o, s/p, pt, prn, bid);
 *  - otherwise literature needs two cues of its own, each counted once: a title line (a first
 *    line of a few words alone in its paragraph, not in capitals), a structured abstract's
 *    labels (two or more count twice), a research "we" (we report, we reviewed), a study's
 *    words (cohort, randomised, retrospective), statistics (p < 0.05, 95% CI, "41% of
 *    patients"), a conclusion's phrase ("these results suggest"), a citation (PMID, doi, et al.).
 * Clinical notes write "we will start", "no significant change", "associated with": those
 * are no cues.
 */
import { segment } from './segment';
import { canonicalSections, sectionOfSegment } from './sections';
import { allMatches } from './matches';

/** Labels of a structured abstract, some of which clinical reports write as well. */
const ABSTRACT_LABEL =
  /(?:^|\n)[ \t]*(background|objectives?|aims?|purpose|introduction|methods?|materials and methods|design|setting|participants|interventions|results|findings|conclusions?|interpretation|significance)[ \t]*[:.]/gi;
const ABSTRACT_LABELS = new Set(
  'background objective objectives aim aims purpose introduction method methods materials and methods design setting participants interventions results findings conclusion conclusions interpretation significance'.split(
    ' ',
  ),
);

/** Canonical sections only clinical report types write (not the structured abstract). */
const CLINICAL_SECTIONS: ReadonlySet<string> = new Set(
  canonicalSections()
    .filter((s) => !s.in.includes('abstract'))
    .map((s) => s.name),
);

const DEID_BRACKETS = /\[\*\*/;
const SHORTHAND = /\b(?:y\/o|s\/p|h\/o|c\/o|pt|hx|dx|prn|bid|tid|qid|qhs|qd|npo)\b/gi;

const CUES: readonly RegExp[] = [
  /\bwe (?:report|describe|present|investigated|examined|reviewed|evaluated|studied|analy[sz]ed|assessed|compared|conducted|performed|found|observed|identified|propose|show|demonstrate|hypothesi[sz]ed|aimed)\b/i,
  /\b(?:cohort|randomi[sz]ed|prospective|retrospective|case series|systematic review|meta-analysis|case-control|this study|the present study|our study|in vitro|in vivo)\b/i,
  /\bp\s*[<=>≤]\s*0?\.\d|\b95\s*%\s*(?:CI|confidence)|\b(?:odds|hazard|risk) ratio\b|\bstatistically significant|\bsignificantly (?:higher|lower|reduced|increased|associated|improved|different|more|less)\b|\b\d+(?:\.\d+)?\s*%\s*of (?:the )?(?:patients|children|subjects|participants|cases|women|men|adults|mice|rats)\b/i,
  /\b(?:these|our) (?:results|findings|data) (?:suggest|support|indicate|show|demonstrate|confirm)|\bin conclusion\b/i,
  /\bPMID\b|\bdoi\s*:|\bet al\.|\bPubMed\b|^\d+\|t\|/im,
];

/** A title: a first line of 3 to 30 words, alone in its paragraph, not written in capitals. */
function hasTitleLine(text: string): boolean {
  const m = /^\s*([^\n]+)\n[ \t]*\n\s*\S/.exec(text);
  if (!m) return false;
  const line = m[1].trim();
  const words = line.split(/\s+/).length;
  return words >= 3 && words <= 30 && line !== line.toUpperCase() && !line.includes(':');
}

/** Whether the text reads as literature rather than a clinical note (see the top of this file). */
export function looksLikeLiterature(text: string): boolean {
  if (DEID_BRACKETS.test(text) || (text.match(SHORTHAND)?.length ?? 0) >= 2) return false;
  for (const s of segment(text)) {
    if (s.kind !== 'header') continue;
    const label = s.section.trim().toLowerCase();
    const canonical = sectionOfSegment(label);
    if (canonical !== undefined && CLINICAL_SECTIONS.has(canonical) && !ABSTRACT_LABELS.has(label)) return false;
  }
  const labels = new Set(allMatches(ABSTRACT_LABEL, text).map((m) => m[1].toLowerCase()));
  const cues = Math.min(labels.size, 2) + CUES.filter((re) => re.test(text)).length + (hasTitleLine(text) ? 1 : 0);
  return cues >= 2;
}
