/**
 * Words as evidence retrieval compares them: the Porter2 (Snowball English) stem from
 * `wink-porter2-stemmer`, then one clinical folding step, since Porter2 keeps Greek and
 * Latin noun/adjective pairs apart ("tachycardia"/"tachycardic", "nephropathy"/
 * "nephropathic", "anemia"/"anemic") that a clinician reads as one word.
 */
import porter2 = require('wink-porter2-stemmer');

export const STOPWORDS = new Set(
  (
    'a an the and or but of in on at to for from by with without as is are was were be been being has have had do does did ' +
    'this that these those it its he she his her him they them their we our you your i me my patient patients pt ' +
    'no not nor none never any all some there here than then so such very also which who whom whose what when where ' +
    'while since because after before over under into onto about up down out off again further once per mg ml day days ' +
    'daily twice week weeks month months year years old will would can could may might should must shall'
  ).split(' '),
);

/** -ia/-ic/-i/-y endings Porter2 leaves on medical terms; only where four letters or more remain. */
const CLINICAL_ENDING = /(?:ia|ic|i|y)$/;

/** Stems already worked out: a note's vocabulary is small and met again at every planning. */
const STEMS = new Map<string, string>();
/** Where the memo starts afresh (a few MB at most, whatever is read). */
const STEMS_MAX = 100_000;

/** The stem of one lower-case word. */
export function stemWord(word: string): string {
  let stem = STEMS.get(word);
  if (stem === undefined) {
    const s = porter2(word);
    const folded = s.replace(CLINICAL_ENDING, '');
    stem = folded !== s && folded.length >= 4 ? folded : s;
    if (STEMS.size >= STEMS_MAX) STEMS.clear();
    STEMS.set(word, stem);
  }
  return stem;
}

/** The lower-case words of a text (letters and digits), in order. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];
}

/** The content stems of a text: stop words, bare numbers and one-letter words left out. */
export function contentStems(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of words(text)) {
    if (STOPWORDS.has(w) || /^\p{N}+$/u.test(w) || w.length < 2) continue;
    out.add(stemWord(w));
  }
  return out;
}
