/**
 * Finding our own request text (note text) inside a model server's message, however the
 * server wrote it, so that redact.ts can cut it.
 *
 * The message is compared on a normalised form: escapes undone (JSON `\n`, `\"`, `\u00f1`,
 * as Python's json.dumps writes them, also escaped twice; `\xNN`; HTML entities;
 * URL-encoded `%XX`), letters lower-cased, every run of whitespace one space. Each
 * character of that form remembers the span of the original message it came from, so what
 * matches is cut from the original message.
 *
 * Two rules decide what matches; their union is cut:
 *
 * - **long stretches**: every stretch of more than ECHO_MIN characters of the normalised
 *   message that occurs in the normalised request text (mid-word too);
 * - **word runs**: a server's message is mostly the server's own vocabulary, so every
 *   maximal run of message words that occurs as consecutive whole words in the request text
 *   is cut when it holds a word that is not generic error vocabulary (GENERIC) and that is
 *   at least 3 characters long, or two such words of any length, or numbers of at least
 *   NUMBER_DIGITS digits in all (a date, a record number). A patient's name ("Ann Lee") is
 *   cut; "model 'x' not found, try pulling it first" stays whole even when the note says
 *   "model" and "first".
 */

/** A stretch of the normalised message that occurs in the request text and is longer than this is cut. */
export const ECHO_MIN = 20;
/** A run made of numbers only is cut when its numbers have at least this many digits in all. */
const NUMBER_DIGITS = 6;
/** How many places of one word in the request text are tried as the start of a run. */
const MAX_STARTS = 500;

/**
 * Generic words of model servers' error messages (Ollama, vLLM, TGI, llama.cpp, FastAPI,
 * Go and Python parsers) and of English around them: a run made only of these stays.
 */
const GENERIC = new Set(
  (
    'a an the this that these those it its is are was were be been being am has have had do does did done not no nor ' +
    'and or but if then than so as of in on at to for from with without by into onto over under about per via ' +
    'you your we our us they them their there here what which who whom when where why how all any some each every ' +
    'one two both either neither only also too very more most less least much many few other such same own ' +
    'can cannot could will would shall should may might must need needs please try again later first last next ' +
    'after before while until since just now yet still already ok okay yes ' +
    'error errors err failed fail fails failure invalid valid validation bad unexpected expected expecting unknown ' +
    'unsupported supported support allowed not_found found missing required require requires optional ' +
    'model models prompt prompts request requests requested response responses token tokens tokenize tokenizer ' +
    'context length max maximum min minimum limit limits exceeded exceeds exceed exceeding too long large big small size ' +
    'input inputs output outputs message messages content contents role user system assistant tool tools ' +
    'field fields value values type types string strings number numbers integer int float bool boolean object ' +
    'array list dict null none true false key keys name names id ids item items index position offset ' +
    'line lines column col char character characters byte bytes literal data extra trailing comma delimiter ' +
    'property enclosed double quotes quote parse parsing parser decode decoding encode encoding unmarshal json ' +
    'body format schema struct loc msg detail details ensure equal greater shorter longer ' +
    'server internal gateway service unavailable timeout timed out overloaded busy load loading loaded ' +
    'pull pulling pulled run running runner process terminated killed memory gpu cuda cpu ram oom ' +
    'completion completions chat generate generation embed embedding embeddings stream streaming ' +
    'option options parameter parameters param params temperature seed stop top num predict ctx keep alive ' +
    'api auth unauthorized forbidden rate quota retry connection refused reset closed host url path ' +
    'file method http https status code version beginning end eof looking reading writing ' +
    'however received got given sent use using used set call called'
  ).split(' '),
);

/** One character of the normalised message and the span of the original message it stands for. */
interface Unit {
  c: string;
  start: number;
  end: number;
}

const HEX = /^[0-9a-fA-F]+$/;
const SIMPLE_ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', '"': '"', "'": "'", '\\': '\\', '/': '/' };
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };

/** One pass of unescaping: JSON and Python escapes, HTML entities, `%XX` runs. */
function unescapeOnce(units: Unit[]): { units: Unit[]; changed: boolean } {
  const out: Unit[] = [];
  let changed = false;
  const text = (from: number, to: number) =>
    units
      .slice(from, to)
      .map((u) => u.c)
      .join('');
  const span = (from: number, to: number) => ({ start: units[from].start, end: units[to - 1].end });
  let i = 0;
  while (i < units.length) {
    const c = units[i].c;
    if (c === '\\' && i + 1 < units.length) {
      const n = units[i + 1].c;
      const hex = (len: number) => (i + 2 + len <= units.length && HEX.test(text(i + 2, i + 2 + len)) ? text(i + 2, i + 2 + len) : undefined);
      let decoded: string | undefined;
      let len = 2;
      if (n === 'u' && hex(4)) [decoded, len] = [String.fromCharCode(parseInt(hex(4)!, 16)), 6];
      else if (n === 'x' && hex(2)) [decoded, len] = [String.fromCharCode(parseInt(hex(2)!, 16)), 4];
      else if (Object.hasOwn(SIMPLE_ESCAPES, n)) decoded = SIMPLE_ESCAPES[n];
      if (decoded !== undefined) {
        out.push({ c: decoded, ...span(i, i + len) });
        i += len;
        changed = true;
        continue;
      }
    } else if (c === '&') {
      const m = /^&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-z]{2,5});/.exec(text(i, i + 12));
      const name = m?.[1];
      const code = name?.startsWith('#x') ? parseInt(name.slice(2), 16) : name?.startsWith('#') ? parseInt(name.slice(1), 10) : undefined;
      const decoded = code !== undefined ? (code <= 0x10ffff ? String.fromCodePoint(code) : undefined) : name && ENTITIES[name];
      if (m && decoded) {
        for (const d of decoded) out.push({ c: d, ...span(i, i + m[0].length) });
        i += m[0].length;
        changed = true;
        continue;
      }
    } else if (c === '%') {
      let j = i;
      while (j + 2 < units.length && units[j].c === '%' && HEX.test(text(j + 1, j + 3))) j += 3;
      if (j > i) {
        let decoded: string;
        try {
          decoded = decodeURIComponent(text(i, j));
        } catch {
          decoded = '';
        }
        if (decoded) {
          // A run decodes as a whole (UTF-8 bytes); each of its characters stands for all of it.
          for (const d of decoded.split('')) out.push({ c: d, ...span(i, j) });
          i = j;
          changed = true;
          continue;
        }
      }
    }
    out.push(units[i]);
    i++;
  }
  return { units: out, changed };
}

/** Lower case, one space for every run of whitespace. */
function fold(units: Unit[]): Unit[] {
  const out: Unit[] = [];
  for (const u of units) {
    if (/\s/.test(u.c)) {
      const last = out[out.length - 1];
      if (last?.c === ' ') last.end = Math.max(last.end, u.end);
      else out.push({ c: ' ', start: u.start, end: u.end });
      continue;
    }
    const lower = u.c.toLowerCase();
    out.push({ ...u, c: lower.length === 1 ? lower : u.c });
  }
  return out;
}

/** The normalised form of a server's message, each character with its span in `message`. */
export function normaliseMessage(message: string): Unit[] {
  let units: Unit[] = Array.from({ length: message.length }, (_, i) => ({ c: message[i], start: i, end: i + 1 }));
  // Escaped once, twice (a JSON string inside a JSON string), at most three times.
  for (let pass = 0; pass < 3; pass++) {
    const r = unescapeOnce(units);
    units = r.units;
    if (!r.changed) break;
  }
  return fold(units);
}

/** The normalised form of a request text (it was sent as is: only case and whitespace fold). */
function normaliseRequest(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ');
}

const isWordChar = (c: string | undefined) => c !== undefined && /[\p{L}\p{N}\p{M}\uD800-\uDFFF]/u.test(c);
const isApostrophe = (c: string | undefined) => c === "'" || c === '\u2019';

/** Words of a normalised text: runs of letters and digits (an apostrophe between two of them belongs to the word). */
function words(chars: readonly string[]): { word: string; from: number; to: number }[] {
  const out: { word: string; from: number; to: number }[] = [];
  let i = 0;
  while (i < chars.length) {
    if (!isWordChar(chars[i])) {
      i++;
      continue;
    }
    let j = i;
    while (j < chars.length && (isWordChar(chars[j]) || (isApostrophe(chars[j]) && isWordChar(chars[j - 1]) && isWordChar(chars[j + 1])))) j++;
    out.push({ word: chars.slice(i, j).join(''), from: i, to: j });
    i = j;
  }
  return out;
}

/** Would this run of matched words be an echo worth cutting? */
function isEcho(run: readonly string[]): boolean {
  let content = 0;
  let digits = 0;
  for (const w of run) {
    if (/^\p{N}+$/u.test(w)) {
      digits += w.length;
      continue;
    }
    if (GENERIC.has(w.replace(/['\u2019]s$/, ''))) continue;
    if (w.length >= 3) return true;
    content++;
  }
  return content >= 2 || digits >= NUMBER_DIGITS;
}

/**
 * The spans of `message` that echo one of `sources` (request texts), sorted and merged;
 * empty when nothing does.
 */
export function echoSpans(message: string, sources: readonly string[]): [number, number][] {
  const texts = sources.filter((s) => s.trim().length > 0);
  if (texts.length === 0 || message.length === 0) return [];
  const units = normaliseMessage(message);
  const chars = units.map((u) => u.c);
  const covered = new Uint8Array(units.length);

  // Long stretches, mid-word too: every (ECHO_MIN + 1)-gram of the request text.
  const n = ECHO_MIN + 1;
  const grams = new Set<string>();
  const normalised = texts.map(normaliseRequest);
  for (const t of normalised) for (let i = 0; i + n <= t.length; i++) grams.add(t.slice(i, i + n));
  if (grams.size > 0) {
    for (let i = 0; i + n <= chars.length; i++) {
      if (grams.has(chars.slice(i, i + n).join(''))) covered.fill(1, i, i + n);
    }
  }

  // Word runs.
  const requestWords = normalised.map((t) => words(t.split('')).map((w) => w.word));
  const where = new Map<string, [number, number][]>();
  requestWords.forEach((ws, t) =>
    ws.forEach((w, p) => {
      const at = where.get(w);
      if (!at) where.set(w, [[t, p]]);
      else if (at.length < MAX_STARTS) at.push([t, p]);
    }),
  );
  const mw = words(chars);
  let i = 0;
  while (i < mw.length) {
    let best = 0;
    for (const [t, p] of where.get(mw[i].word) ?? []) {
      const ws = requestWords[t];
      let len = 1;
      while (i + len < mw.length && p + len < ws.length && ws[p + len] === mw[i + len].word) len++;
      best = Math.max(best, len);
    }
    if (best > 0 && isEcho(mw.slice(i, i + best).map((w) => w.word))) covered.fill(1, mw[i].from, mw[i + best - 1].to);
    i += Math.max(best, 1);
  }

  // Back to the original message's spans; spans with nothing but punctuation and spaces between them join.
  const spans: [number, number][] = [];
  for (let k = 0; k < units.length; k++) {
    if (!covered[k]) continue;
    const { start, end } = units[k];
    const last = spans[spans.length - 1];
    if (last && start <= last[1]) last[1] = Math.max(last[1], end);
    else if (last && !/[\p{L}\p{N}]/u.test(message.slice(last[1], start))) last[1] = end;
    else spans.push([start, end]);
  }
  return spans;
}
