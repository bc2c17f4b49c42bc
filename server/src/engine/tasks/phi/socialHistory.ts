/**
 * What social histories, discharge plans and family meetings name by shapes of their own:
 * - places: a union's local or a veterans' post by number ("Pipefitters Local 537"), a ZIP
 *   code after a listed town ("Quincy 02170"), a prison by a hyphenated town ("MCI-Norfolk"),
 *   where a family stays ("staying at the Holiday Inn"), where the patient came from ("adm
 *   3/14 from Carney", "92 YO F FROM X W/ PNA", "go back to X"), streets after "on" (in
 *   capitals, small letters or by number) and roads by number ("on Rt 9"), a bar, a shop or a
 *   restaurant after "called" or "named" ("a bar called Anchor Tap");
 * - people: an age over 89 said of a person ("her mother, who is 95 and"), a contact before
 *   the phone she is reached at ("Terry cell 617-555-0101"), a list of who came ("Nick
 *   Costa - SW"), the patient's initials after "Pt:", a name joined to a relative's word by
 *   a hyphen ("SON-JIMMY") or typed onto it ("sonDesmond"), the name a patient goes by in quotes
 *   ("calls himself "Buddy"", 'William X ("Will")'), the name a relative goes by in brackets
 *   ("Wife Margaret (Peg)"); a listed town right after "lives" ("lives Mattapan w/ dtr");
 * - dates and numbers: a year of a life event ("married since 1958", "born in 1908"), a
 *   number after run #, trauma # or referral #.
 * Invariants: a number is taken only with its word (Local, Post, a town, an event of a life,
 * run #); a vital sign or a lab value is never an age (the word before must be a person's); a
 * town that is a word of the language before five digits is a town only after a street's
 * comma ("Day 10000" is no ZIP); a name is never a function or clinical word.
 */
import { CLINICAL_WORDS, FUNCTION_WORDS, isStopWord, mayBeName } from './clinicalWords';
import { isCommonName, isEnglish, isName, isTown } from './lists';
import { PhiSpan } from './types';
import { caseTells } from './words';
import { COUNTRIES, STATES } from './spelling';
import { allMatches } from '../../text/matches';
import { holds } from '../../text/pairIndex';
import { CLOSE_KIN, wordsPattern } from './contextWords';

/** Seasons, function words that name streets too ("Summer St", "Winter St"). */
const SEASONS = /^(?:summer|winter|autumn)$/;

type Found = Omit<PhiSpan, 'text'>;

/** People a note gives an age to ("mother is 93", "who is 95 and"). */
const PERSON_WORDS =
  'who she he pt patient mother mom father dad wife husband aunt uncle sister brother grandmother grandfather spouse friend neighbor neighbour'.split(' ');
/** A person's word, then up to two capitalised names ("Mother Nora X is 93"): the word in any case, the names capitalised. */
const PERSON_BEFORE_AGE = new RegExp(
  `\\b(?:${PERSON_WORDS.flatMap((w) => [w, w[0].toUpperCase() + w.slice(1), w.toUpperCase()]).join('|')})(?:[ \\t]+\\p{Lu}[\\p{L}'-]+){0,2}\\s*$`,
  'u',
);
/** A phone's own words and relatives' words: no name before a number ("Fax (207) 555-0135", "Niece cell 617-..."). */
const NOT_PHONE_OWNER = wordsPattern([
  ...'fax tel phone cell home work office pager beeper mobile main direct ext hotline line helpline crisis station desk unit floor room clinic spouse'.split(
    ' ',
  ),
  ...CLOSE_KIN,
]);
/** Relatives whose name a note may give with the name they go by ("Wife Margaret (Peg)"). */
const RELATIVE_BEFORE_NAME = wordsPattern(CLOSE_KIN);
/** Relatives' words a name is typed onto ("sonDesmond") or joined to by a hyphen ("dtr-Ann"; there also these few more). */
const KIN_WORDS = ['son', 'sons', 'daughter', 'dtr', 'wife', 'husband', 'sister', 'brother', 'mother', 'father', 'mom', 'dad', 'niece', 'nephew'];
const JOINED_KIN = [...KIN_WORDS, 'dau', 'friend', 'hcp', 'proxy'];
const JOINED_KIN_CUES = JOINED_KIN.map((w) => `${w}-`);
const KIN_HYPHEN_NAME = new RegExp(`\\b(?:${JOINED_KIN.join('|')})-(\\p{L}{2,})\\b`, 'giu');
const KIN_NAME_TYPED_ON = new RegExp(`\\b(${KIN_WORDS.join('|')})(\\p{Lu}\\p{Ll}{2,})\\b`, 'gu');
/** Roles and relatives after a name and a dash in a list of who came to a meeting. */
const ROLE_IN_LIST =
  /^(?:rn|md|np|pa|sw|msw|licsw|lcsw|cm|rd|pt|ot|slp|rrt|rt|nurse|chaplain|attending|resident|fellow|intern|interpreter|social|case|wife|husband|son|daughter|sister|brother|mother|father|niece|nephew|friend|hcp|proxy|guardian|neighbou?r|partner|pulm|renal|cards|nutrition|dietitian|pharmacist|pharmd)$/i;
/** Words after "yo m from" that name no particular place ("from home w/", "FROM OSH W/", "from rehab"). */
const NOT_ORIGIN =
  /^(?:osh|nh|snf|ltc|ltac|er|ed|ew|floor|clinic|rehab|home|outside|an|a|the|his|her|work|jail|prison|shelter|street|nursing|assisted|living|hospital|rehabilitation|facility|micu|ccu|sicu|or|pacu|cath|lab|dialysis)$/i;
/** Territories and regions, no more PHI than a state: "Grew up in Puerto Rico". */
const TERRITORIES = /^(?:puerto rico|guam|the caribbean|caribbean|the south|new england|the midwest|appalachia)$/;
/** Words after "grew up in" that say how, not where. */
const NOT_WHERE = /^(?:foster|poverty|group|care|custody|orphanage|orphanages|projects|public|housing|town|city|country|area|region|suburbs?|farm|farms)$/i;
/** A place's own word after its name ("munjoy hill", "Quonset Point", "Apponaug village"). */
const PLACE_PART =
  /^(?:hill|hills|point|village|falls|heights|square|end|side|park|corner|corners|harbor|harbour|beach|center|centre|island|neck|plain|plains|bay|river)$/i;
/** Life events a year alone dates in a social history ("widowed since 1979", "lived there until 2003"), the line wrapped between or not. */
const LIFE_EVENT =
  /\b(?:married|member|widowed|divorced|retired|lived|living|lives|rented|renting|owned|sober|abstinent|quit|employed|worked|working|moved|resided|housed|incarcerated|served|enlisted|was\s+an?\s+[a-z]+\s+(?:at|for|with))\b(?:[^.;\n]|\n(?![ \t]*\n)){0,60}$/i;

// Patterns each looked for first by a part that every match holds (a look that V8 makes quickly), built from one piece so that they cannot part.
const AGE_OVER_89 = `(9\\d|1[01]\\d)\\b(?=[ \\t]*(?:,|and\\b|but\\b|AND\\b|yo\\b|y\\/o|years?\\b|yrs?\\b|YO\\b|Y\\/O|YEARS?\\b|YRS?\\b|\\.(?!\\d)|;))`;
const AGE_OVER_89_NEEDS = new RegExp(`[ \\t]${AGE_OVER_89}`);
const AGE_OVER_89_SAID = new RegExp(`\\b([A-Z][a-z]+)?[ \\t,]*\\b(?:is|was|turned|turns|IS|WAS|TURNED|TURNS)[ \\t]+${AGE_OVER_89}`, 'g');
const NICKNAME = `\\([ \\t]*(\\p{Lu}[\\p{L}'-]{1,14})[ \\t]*\\)`;
const NICKNAME_NEEDS = new RegExp(NICKNAME, 'u');
const NICKNAME_AFTER_NAME = new RegExp(`\\b(\\p{L}+)[ \\t]+\\p{Lu}[\\p{L}'-]+[ \\t]*${NICKNAME}`, 'gu');
// (Or the age and the sex's letter alone: "48m from glace bay, cape breton", "56F, FROM SANTURCE, SAN JUAN".)
const CAME_FROM = `(?:[ \\t]*(?:yo|y\\/o|y\\.o\\.|year[ -]old)[ \\t]*(?:[mf]|male|female|man|woman|gentleman|lady)?|[mf],?)[ \\t]+(?:from|fr)`;
const CAME_FROM_NEEDS = new RegExp(`\\d${CAME_FROM}[ \\t]`, 'iu');
const CAME_FROM_AFTER_AGE = new RegExp(
  `\\b\\d{1,3}${CAME_FROM}[ \\t]+((?:[\\p{L}'&.-]+[ \\t]+){1,3}?|[\\p{L}'&.-]+(?:[ \\t]+[\\p{L}'&.-]+)?(?=,))(?:w\\/|with|s\\/p|after|for|,)(?![\\p{L}])`,
  'giu',
);

export function socialHistorySpans(text: string): Found[] {
  const out: Found[] = [];
  const add = (start: number, end: number, type: Found['type'], confidence: number, why: string) => out.push({ start, end, type, confidence, why });
  const tells = caseTells(text);
  // Most rules need a word of their own in the note: a look for it first skips the pattern's scan (the rules run on every segment).
  const lower = text.toLowerCase();
  const has = (...cues: string[]) => cues.some((c) => holds(lower, c));
  const each = (re: RegExp, fn: (m: RegExpExecArray) => void) => {
    for (const m of allMatches(re, text)) fn(m);
  };

  // Pipefitters Local 537, IAM Local 1836, VFW Post 613, American Legion Post 122: the name's capitalised words and the number.
  if (has('local', 'post'))
    each(/\b((?:[A-Z][A-Za-z'&.]*[ \t]+){0,3})(Local|LOCAL|Post|POST)[ \t]+#?[ \t]*\d{1,4}\b/g, (m) => {
      // The name's words before the kind, less function words at the front ("at Post 613": the number and its kind only).
      const named = allMatches(/\S+/g, m[1]);
      while (named.length && isStopWord(named[0][0].toLowerCase().replace(/\.$/, ''))) named.shift();
      // ("Post 2" alone is a post-operative day as often: a post's name, or a union's word before a local.)
      if (
        !named.length &&
        !(m[2].toLowerCase() === 'local' && /\b(?:union|member|belongs?|joined)\b[^.\n]{0,20}$/i.test(text.slice(Math.max(0, m.index - 30), m.index)))
      )
        return;
      const start = named.length ? m.index + named[0].index! : m.index + m[1].length;
      add(start, m.index + m[0].length, 'location', 0.8, `a ${m[2].toLowerCase()} by its number`);
    });

  // Quincy 02170, South Boston 02127, methuen 01844: a listed town, then its ZIP code.
  if (/\d{5}/.test(text))
    each(/\b([A-Za-z][A-Za-z]+(?:[ \t]+[A-Za-z][A-Za-z]+)?),?[ \t]+(\d{5})(?:-\d{4})?\b(?![.,]?\d)/g, (m) => {
      const phrase = m[1].toLowerCase();
      const oneWord = phrase.split(/[ \t]+/).pop()!;
      const town = isTown(phrase) ? m[1] : isTown(oneWord) ? m[1].slice(m[1].length - oneWord.length) : undefined;
      if (!town || isStopWord(oneWord)) return;
      // ("Day 10000 he was treated": a town that is a word of the language too only after a street and its comma: "9 Elm Lane, Canton 02021".)
      const afterComma = /,[ \t]*$/.test(text.slice(Math.max(0, m.index + m[1].length - town.length - 3), m.index + m[1].length - town.length));
      if (town.split(/[ \t]+/).length === 1 && isEnglish(town.toLowerCase()) && !afterComma) return;
      const zipAt = m.index + m[0].lastIndexOf(m[2]);
      add(m.index + m[1].length - town.length, m.index + m[1].length, 'location', 0.8, 'a town before its ZIP code');
      add(zipAt, m.index + m[0].length, 'address', 0.85, 'a ZIP code after its town');
    });

  // "a bar called Anchor Tap", "A DINER NAMED THE BLUE MOON": a business's name after its kind and "called" or "named",
  // one to three words up to a function or clinical word or the clause's end (the article stays out).
  if (has('called', 'named'))
    each(
      /\b(?:a|an|the|his|her|their)[ \t]+(?:bar|pub|tavern|restaurant|diner|cafe|bakery|shop|store|salon|club)[ \t]+(?:called|named)[ \t]+(?:the[ \t]+)?([A-Za-z][A-Za-z'&-]*(?:[ \t]+[A-Za-z][A-Za-z'&-]*){0,2})/gi,
      (m) => {
        // (The name ends before its first stop word, offsets read from the words themselves.)
        let end = 0;
        for (const w of allMatches(/[^ \t]+/g, m[1])) {
          if (isStopWord(w[0].toLowerCase())) break;
          end = w.index + w[0].length;
        }
        const at = m.index + m[0].length - m[1].length;
        if (end > 0) add(at, at + end, 'location', 0.75, 'a business named after its kind');
      },
    );

  // MCI-Cedar Junction, MCI-Norfolk: a state prison named for its town, joined by a hyphen.
  if (has('mci-', 'fci-', 'hoc-'))
    each(/\b(?:MCI|FCI|HOC)-(?:[A-Z][a-z]+|[A-Z]{3,})(?:[ \t]+([A-Z][a-z]+))?/g, (m) => {
      const end = m[1] && isStopWord(m[1].toLowerCase()) ? m.index + m[0].slice(0, m[0].length - m[1].length).trimEnd().length : m.index + m[0].length;
      add(m.index, end, 'location', 0.8, 'a prison by its town');
    });

  // "Mother Nora X is 93 and lives", "their mother, who is 95 and": an age over 89 said of a person.
  // (Where such a number before such a word is in the note at all: that pattern alone, from its space, is looked for quickly.)
  if (has(' 9', ' 10', ' 11') && AGE_OVER_89_NEEDS.test(text))
    // (In capitals too: "SISTER EILEEN, WHO IS 93.")
    each(AGE_OVER_89_SAID, (m) => {
      const before = text.slice(Math.max(0, m.index - 30), m.index + (m[1]?.length ?? 0));
      const named = !!m[1] && (isName(m[1].toLowerCase()) || isCommonName(m[1].toLowerCase())) && !isStopWord(m[1].toLowerCase());
      if (!named && !PERSON_BEFORE_AGE.test(before.replace(/[ \t,]+$/, ''))) return;
      const start = m.index + m[0].length - m[2].length;
      add(start, start + m[2].length, 'age', 0.8, 'an age over 89 said of a person');
    });

  // "grew up in Newhallville", "grew up on munjoy hill", "Grew up in So. Boston": where someone grew up, though no list holds it.
  if (has('grew up', 'raised in', 'originally from', 'native of'))
    each(
      /\b(?:grew[ \t]+up[ \t]+(?:in|on)|raised[ \t]+in|originally[ \t]+from|native[ \t]+of)[ \t]+(?:the[ \t]+)?((?:(?:so|no)\.[ \t]*)?[\p{L}'-]+(?:[ \t]+[\p{L}'-]+){0,2})/giu,
      (m) => {
        const at = m.index + m[0].length - m[1].length;
        const named = allMatches(/[\p{L}.'-]+/gu, m[1]);
        // The name's words up to a stop word (a place's own word goes on: "munjoy hill", "Quonset Point").
        let n = 0;
        while (n < named.length && (n === 0 || PLACE_PART.test(named[n][0]) || !isStopWord(named[n][0].toLowerCase()))) {
          if (n > 0 && !PLACE_PART.test(named[n][0]) && (tells ? !/^\p{Lu}/u.test(named[n][0]) : isEnglish(named[n][0].toLowerCase()))) break;
          n++;
        }
        const ws = named.slice(0, n).map((w) => w[0]);
        const whole = ws
          .join(' ')
          .toLowerCase()
          .replace(/^(?:so|no)\.\s*/, '');
        // ("grew up in foster care", "in poverty", "in a group home": how, not where.)
        if (
          !ws.length ||
          STATES.has(whole) ||
          COUNTRIES.has(whole) ||
          TERRITORIES.test(whole) ||
          isStopWord(ws[0].toLowerCase()) ||
          NOT_ORIGIN.test(ws[0]) ||
          NOT_WHERE.test(ws[0])
        )
          return;
        // Capitalised where case tells; in a note of one case a town, a place or a word no list holds.
        const first = ws[ws.length > 1 && /^(?:so|no)\.$/i.test(ws[0]) ? 1 : 0];
        if (tells ? !/^\p{Lu}/u.test(first) : !(isTown(whole) || !isEnglish(first.toLowerCase()))) return;
        const last = named[n - 1];
        add(at, at + last.index! + last[0].length, 'location', 0.7, 'where someone grew up or is from');
      },
    );

  // "married since 1958", "a member since 1936", "rented from her until 2003": a year of a life event.
  if (has('since', 'til'))
    each(/\b(?:since|until|till|til)[ \t]*\n?[ \t]*((?:19|20)\d\d)\b(?![ \t]*(?:hrs?\b|h\b|-|:|to\b))/gi, (m) => {
      if (!LIFE_EVENT.test(text.slice(Math.max(0, m.index - 80), m.index))) return;
      const start = m.index + m[0].length - m[1].length;
      add(start, start + 4, 'date', 0.75, 'a year of a life event');
    });

  // "Contacts: Terry cell 617-555-0101", "Gina (h) 508-555-0199": a name before the phone it is reached at.
  if (/\d{3}-\d{4}/.test(text))
    each(
      /\b([A-Z][a-z]{2,}|[A-Z]{3,})[ \t]*(?:(?:cell|home|work|ph|phone|tel|mobile|@|at|\((?:c|h|w|cell|home|work)\))[ \t:#]*)?(?=\(?\d{3}\)?[ .-]?\d{3}-\d{4}\b)/g,
      (m) => {
        const w = m[1].toLowerCase();
        // ("Fax (207) 555-0135": a phone's own word is no contact.)
        // ("HOTLINE 802-555-0110": a word of the language is a name only where a list holds it as one, or with its capital.)
        if (
          isStopWord(w) ||
          // ("Niece cell 617-...", "home # in Florida (305) ...": a relative's word, a state, is no name.)
          NOT_PHONE_OWNER.test(w) ||
          STATES.has(w) ||
          !(isName(w) || isCommonName(w))
        )
          return;
        add(m.index, m.index + m[1].length, 'name', 0.7, 'a name before its phone');
      },
    );
  // "trauma #T-0588", "run # 04-11782": a number an agency or a service gives, after its word and #.
  if (has('#', ' no', 'number'))
    each(
      /\b(?:run|trauma|case|incident|ems|acct|account|claim|policy|member|medicaid|masshealth|insurance|ssn|social security|referral)[ \t]*(?:#|no\.?|number)[ \t]*:?[ \t]*([A-Z]{0,3}-?\d[\d-]{2,}\d)\b/gi,
      (m) => {
        const at = m.index + m[0].length - m[1].length;
        add(at, at + m[1].length, 'id', 0.8, 'a number after its word and #');
      },
    );

  // "SON-JIMMY", "dtr-Ann": a relative's word and a name joined by a hyphen.
  if (has(...JOINED_KIN_CUES))
    each(KIN_HYPHEN_NAME, (m) => {
      const w = m[1].toLowerCase();
      if (isStopWord(w) || !(isName(w) || isCommonName(w))) return;
      const at = m.index + m[0].length - m[1].length;
      add(at, at + m[1].length, 'name', 0.75, "a name joined to a relative's word");
    });

  // "Wife Margaret (Peg) here all day", "SON ROBERT (BOBBY)": the name a relative goes by, in brackets after their name.
  if (has('(') && NICKNAME_NEEDS.test(text))
    each(NICKNAME_AFTER_NAME, (m) => {
      const [kin, nick] = [m[1].toLowerCase(), m[2].toLowerCase()];
      if (!RELATIVE_BEFORE_NAME.test(kin) || FUNCTION_WORDS.has(nick) || ROLE_IN_LIST.test(nick) || RELATIVE_BEFORE_NAME.test(nick)) return;
      // (In capitals a bracketed word is as often an abbreviation ("(PEG)", "(HCP)"): a listed name that is no clinical word only.)
      if (m[2] === m[2].toUpperCase() && (!(isName(nick) || isCommonName(nick)) || isStopWord(nick) || CLINICAL_WORDS.has(nick))) return;
      const at = m.index + m[0].lastIndexOf(m[2]);
      add(at, at + m[2].length, 'name', 0.75, 'the name a relative goes by, in brackets');
    });

  // "sonDesmond will come", "wifeMarilyn": a relative's word and a capitalised listed name typed without a space.
  each(KIN_NAME_TYPED_ON, (m) => {
    const w = m[2].toLowerCase();
    if (isStopWord(w) || !(isName(w) || isCommonName(w))) return;
    const at = m.index + m[1].length;
    add(at, at + m[2].length, 'name', 0.75, "a name typed onto a relative's word");
  });

  // "social: lives Mattapan w/ daughter", "lives Hyde Park,son": a listed town right after lives, with no preposition.
  if (has('live', 'reside'))
    each(/\b(?:lives|resides|living)[ \t]+(\p{L}+(?:[ \t]+\p{L}+)?)(?=[ \t]*(?:w\/|with\b|,|\.|;|alone\b|and\b|\n|$))/giu, (m) => {
      const words = m[1].split(/[ \t]+/);
      const town = isTown(m[1].toLowerCase())
        ? m[1]
        : words.length === 2 && isTown(words[0].toLowerCase()) && /^(w|with|and|alone)$/i.test(words[1])
          ? words[0]
          : '';
      // ("LIVES PRESTON W/ WIFE": in capitals too; never a state, "lives florida".)
      if (
        !town ||
        isStopWord(town.toLowerCase()) ||
        STATES.has(town.toLowerCase()) ||
        ((town === town.toLowerCase() || town === town.toUpperCase()) && isEnglish(town.toLowerCase()))
      )
        return;
      const at = m.index + m[0].length - m[1].length;
      add(at, at + town.length, 'location', 0.75, 'a town right after lives');
    });

  // "staying at the Best Western on Soldiers Field Rd": where a family stays, capitalised.
  if (has('stay'))
    each(/\b(?:staying|stays|stayed)[ \t]+(?:at|in)[ \t]+(?:the[ \t]+)?((?:\p{Lu}[\p{L}'&-]*[ \t]?){1,3})/gu, (m) => {
      const named = m[1].trim().split(/[ \t]+/);
      while (named.length && isStopWord(named[named.length - 1].toLowerCase())) named.pop();
      if (!named.length) return;
      const at = m.index + m[0].length - m[1].length;
      add(at, at + named.join(' ').length, 'location', 0.7, 'where a family stays');
    });

  // "adm 3/14 from Carney w/ PNA", "transferred from Lawrence": where the patient came from, a capitalised name.
  if (has('from', 'back to'))
    each(
      /\b(?:(?:adm|admitted|transferred|transfered|tx'?d|trans'?d|came|sent)[ \t]+(?:\d{1,2}\/\d{1,2}(?:\/\d{2,4})?[ \t]+)?from|go(?:es|ing)?[ \t]+back[ \t]+to)[ \t]+(\p{Lu}\p{Ll}[\p{L}'-]*(?:[ \t]+\p{Lu}\p{Ll}[\p{L}'-]*)?)/gu,
      (m) => {
        const named = m[1].split(/[ \t]+/);
        while (named.length && isStopWord(named[named.length - 1].toLowerCase())) named.pop();
        // ("from Good Sam": a word of the language may open the name; a name of such words alone is none.)
        if (!named.length || named.every((w) => isStopWord(w.toLowerCase()))) return;
        // ("came from Lebanon in 1978": a country alone is no PHI; "from Lebanon, NH" is the town rules'.)
        if (COUNTRIES.has(named.join(' ').toLowerCase())) return;
        const at = m.index + m[0].length - m[1].length;
        add(at, at + named.join(' ').length, 'location', 0.7, 'where the patient came from');
      },
    );

  // "92 YO F FROM HEBREW REHAB W/ ASP PNA", "44 YO F FROM REVERE, CML": where the patient came from, between the age and
  // what brought them, or a comma.
  // (Where the age, its sex and from are in the note: that part alone, from its digit, is looked for quickly.)
  if (has('from', ' fr ') && CAME_FROM_NEEDS.test(text))
    each(CAME_FROM_AFTER_AGE, (m) => {
      const named = m[1].trim().split(/[ \t]+/);
      // ("a 46 yo woman from Haiti with": a country or a state alone is no PHI.)
      const whole = named.join(' ').toLowerCase();
      if (named.some((w) => isStopWord(w.toLowerCase()) || NOT_ORIGIN.test(w)) || COUNTRIES.has(whole) || STATES.has(whole)) return;
      const at = m.index + m[0].length - m[0].slice(m[0].search(/\b(?:from|fr)[ \t]/i)).length + m[0].slice(m[0].search(/\b(?:from|fr)[ \t]/i)).indexOf(m[1]);
      add(at, at + m[1].trim().length, 'location', 0.7, 'where the patient came from, after the age');
    });

  // "born in 1908", "married in 1931": a year of a life event after in.
  if (has('born', 'married', 'widowed', 'divorced', 'retired', 'immigrated', 'emigrated', 'graduated', 'enlisted', 'moved here'))
    each(/\b(?:born|married|widowed|divorced|retired|immigrated|emigrated|graduated|enlisted|moved here)[ \t]+in[ \t]+((?:18|19|20)\d\d)\b/gi, (m) => {
      const at = m.index + m[0].length - 4;
      add(at, at + 4, 'date', 0.8, 'a year of a life event');
    });

  // Calls himself "Buddy", gave name as "mikey", "TJ" to everyone: the name a patient goes by, in quotes.
  if (has('call', 'goes by', 'known as', 'prefers to be', 'likes to be', 'name'))
    each(
      /\b(?:calls?[ \t]+(?:himself|herself)|goes[ \t]+by|known[ \t]+as|prefers[ \t]+to[ \t]+be[ \t]+called|likes[ \t]+to[ \t]+be[ \t]+called|gave[ \t]+(?:his[ \t]+|her[ \t]+)?name[ \t]+as|name[ \t]+is)[ \t]*["\u201c]([\p{L}][\p{L}'.-]{1,20})["\u201d]/giu,
      (m) => {
        const at = m.index + m[0].length - m[1].length - 1;
        add(at, at + m[1].length, 'name', 0.8, 'the name a patient goes by');
      },
    );
  // 'William Hatch ("Will") 34M', "JAMES X ("JIMMY")": the name a person goes by, quoted in brackets after a capitalised name.
  if (has('("', '(\u201c'))
    each(/\b\p{Lu}[\p{L}'-]+[ \t]*\([ \t]*["\u201c](\p{Lu}[\p{L}'.-]{1,20})["\u201d][ \t]*\)/gu, (m) => {
      const at = m.index + m[0].indexOf(m[1]);
      add(at, at + m[1].length, 'name', 0.8, 'the name a person goes by, quoted in brackets');
    });
  if (has('"', '\u201c'))
    each(
      /["\u201c]([\p{L}][\p{L}'.-]{1,20})["\u201d][ \t]+(?:is[ \t]+what[ \t]+)?(?:to|by)[ \t]+(?:his|her|their|the)?[ \t]*(?:family|friends|everyone|kids|wife|husband|staff)\b/giu,
      (m) => {
        add(m.index + 1, m.index + 1 + m[1].length, 'name', 0.8, 'the name a patient goes by');
      },
    );

  // "on E. 4th St", "ON 2ND AVE": a street by its number after on or off.
  if (has('on ', 'off '))
    each(/\b(?:on|off)[ \t]+((?:[NSEW]\.?[ \t]+)?\d{1,3}(?:st|nd|rd|th)[ \t]+(?:st|street|ave|avenue|rd|road)\b\.?)/gi, (m) => {
      const at = m.index + m[0].length - m[1].length;
      add(at, at + m[1].replace(/\.$/, '').length, 'address', 0.8, 'a street by its number after on');
    });
  // "on park st in lawrence", "off centre st)": a street in small letters after on, where a place or a stop follows.
  if (has(' st'))
    each(/\b(?:on|off)[ \t]+((?:[nsew]\.?[ \t]+)?(?:[a-z]{3,}[ \t]+){1,2}st)\b(?=[ \t]*(?:[,.;)]|in\b|near\b|until\b|since\b|w\/))/g, (m) => {
      const named = m[1]
        .replace(/^[nsew]\.?[ \t]+/, '')
        .split(/[ \t]+/)
        .slice(0, -1);
      // (A season names streets though it is a function word: "on summer st", "off winter st".)
      if (named.some((w) => (isStopWord(w) && !SEASONS.test(w)) || CLINICAL_WORDS.has(w))) return;
      const at = m.index + m[0].length - m[1].length;
      add(at, at + m[1].length, 'address', 0.7, 'a street named after on');
    });
  // "MVC on Rt 128", "off Rte. 9", "drove down rt 2": a road by its number after a preposition of place.
  if (has('rt'))
    each(/\b(?:on|off|near|at|from|down|up|along|via|onto)[ \t]+(rt\.?[ \t]*\d{1,3})\b(?![ \t]*(?:g\b|ga\b|gauge|%|mg))/gi, (m) => {
      const at = m.index + m[0].length - m[1].length;
      add(at, at + m[1].length, 'address', 0.75, 'a road by its number');
    });

  // "a bar on West Broadway", "lives off broadway": Broadway, a street that needs no street word, after on or off.
  if (has('broadway'))
    each(/\b(?:on|off|ON|OFF|On|Off)[ \t]+((?:(?:east|west|north|south|e\.?|w\.?|n\.?|s\.?)[ \t]+)?broadway)\b/gi, (m) => {
      const at = m.index + m[0].length - m[1].length;
      add(at, at + m[1].length, 'address', 0.75, 'Broadway after on');
    });

  // "LIVES ON G ST", "an apt on K Street": a street named by one capital letter (not A or I, words of their own).
  if (has(' st'))
    each(/\b(?:on|On|ON|off|Off|OFF)[ \t]+([B-HJ-Z][ \t]+(?:ST|St|STREET|Street))\b(?![ \t]*(?:\d|elevation|depression|segment|changes))/g, (m) => {
      const at = m.index + m[0].length - m[1].length;
      add(at, at + m[1].length, 'address', 0.7, 'a street named by a letter after on');
    });
  // "ON CENTRAL ST" in a note of capitals, "on mass ave" in one of small letters: a street named after on.
  // ("ON W. CROSS ST", "on w. north ave": a direction's letter first.)
  each(/\b(?:ON|OFF)[ \t]+((?:[NSEW]\.?[ \t]+)?(?:[A-Z]{3,}[ \t]+){1,2}(?:ST|AVE|RD|BLVD|STREET|AVENUE|ROAD|LANE|DRIVE|WAY|PKWY|HWY))\b(?![ \t]*\d)/g, (m) =>
    streetAfterOn(m, true),
  );
  each(/\b(?:on|off)[ \t]+((?:[nsew]\.?[ \t]+)?(?:[a-z]{3,}[ \t]+){1,3}(?:ave|avenue|street|road|rd|blvd|boulevard|lane|parkway))\b/g, (m) =>
    streetAfterOn(m, false),
  );
  // ("found on Pratt St near", "a rooming house on S. Ann St,": capitalised in a note of mixed case; no weekday or month named.)
  if (has('on ', 'On ', 'off ', 'Off '))
    each(
      /\b(?:on|On|off|Off)[ \t]+((?:[NSEW]\.?[ \t]+)?(?:[A-Z][a-z]{2,}[ \t]+){1,2}(?:St|Ave|Rd|Blvd|Street|Avenue|Road|Lane|Ln|Way|Pkwy|Hwy|Pike|Terrace|Ter)\b)(?!\.?[ \t]*\d)/g,
      (m) => {
        if (!/\b(?:Mon|Tues?|Wed|Thur?s?|Fri|Sat|Sun|Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*[ \t]/.test(m[1])) streetAfterOn(m, false);
      },
    );
  function streetAfterOn(m: RegExpExecArray, capitals: boolean): void {
    const named = m[1]
      .replace(/^[nsew]\.?[ \t]+/i, '')
      .split(/[ \t]+/)
      .slice(0, -1)
      .map((w) => w.toLowerCase());
    // ("ON LEVO ST 110" is no street: in capitals no clinical word either.)
    if (named.some((w) => (FUNCTION_WORDS.has(w) && !SEASONS.test(w)) || (capitals && CLINICAL_WORDS.has(w)))) return;
    const start = m.index + m[0].length - m[1].length;
    add(start, start + m[1].length, 'address', 0.75, 'a street named after on');
  }

  // A list of who came ("Ellen - RN", "Nick Costa - SW", "Marjorie Kane - wife, HCP"): a name opening its line, a dash, a role.
  each(
    /(?<=^|\n)([ \t]*(?:[-*\u2022]|\d+[.)])?[ \t]*)(\p{Lu}[\p{L}'-]+(?:[ \t]+\p{Lu}\.?)?(?:[ \t]+\p{Lu}[\p{L}'-]+)?)[ \t]+[-\u2013:][ \t]+(\p{L}+)/gu,
    (m) => {
      if (!ROLE_IN_LIST.test(m[3])) return;
      const names = m[2].split(/[ \t]+/);
      if (names.some((n) => isStopWord(n.toLowerCase().replace(/\.$/, ''))) || !mayBeName(names[0].toLowerCase())) return;
      const start = m.index + m[1].length;
      add(start, start + m[2].length, 'name', 0.75, 'a name in a list of who came');
    },
  );

  // "Pt: DMK", "Patient: J.R.": the patient's initials alone after the label, on a header's line.
  each(/(?<=^|\n)[ \t]*(?:pt|patient|name|re)[ \t]*:[ \t]*([A-Z]{2,3}|[A-Z]\.[ \t]?[A-Z]\.(?:[ \t]?[A-Z]\.)?)[ \t]*(?=\n|$)/gi, (m) => {
    if (CLINICAL_WORDS.has(m[1].toLowerCase())) return;
    const start = m.index + m[0].trimEnd().length - m[1].length;
    add(start, start + m[1].length, 'name', 0.75, "the patient's initials after the label");
  });
  return out;
}
