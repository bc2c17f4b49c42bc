/**
 * A date's text shifted by a number of days, written in the layout it came in: '7/22',
 * '07/22/2019', '2/3/98', '8/87', '2019-01-05', 'Jan 5', 'Jan. 5th, 2019', 'January 2019',
 * '5th of January', 'the 3rd' (its day), '1998', '98'. Parts the text lacks are taken
 * from a fixed reference (a leap year, so 2/29 reads), so intervals between dates of one
 * note survive the shift; a day alone is a day of a 31-day month. undefined: not a date
 * layout read here (the caller tags it rather than leave it unshifted).
 */

const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'];
const MONTH = '(jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)';
const ORD = '(st|nd|rd|th|ST|ND|RD|TH|St|Nd|Rd|Th)';
/** The year of a date that names none: a leap year, so that 2/29 is a date. */
const REFERENCE_YEAR = 2000;

const DAY_MS = 86_400_000;
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const shifted = (date: Date, days: number) => new Date(date.getTime() + days * DAY_MS);
/** A two-digit year: 00-29 the 2000s, 30-99 the 1900s. */
const fullYear = (yy: string) => (yy.length === 4 ? +yy : +yy < 30 ? 2000 + +yy : 1900 + +yy);
const year2 = (y: number) => String(y % 100).padStart(2, '0');

function validDay(y: number, m: number, d: number): boolean {
  const t = utc(y, m, d);
  return m >= 1 && m <= 12 && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
}

/** An ordinal suffix for `day`, in the case of the one it replaces. */
function ordinal(day: number, like: string): string {
  const s = day % 10 === 1 && day !== 11 ? 'st' : day % 10 === 2 && day !== 12 ? 'nd' : day % 10 === 3 && day !== 13 ? 'rd' : 'th';
  if (like === like.toUpperCase()) return s.toUpperCase();
  return like[0] === like[0].toUpperCase() ? s[0].toUpperCase() + s[1] : s;
}

/** The month `m` (1-12) written as `like` is: full or cut to its length ('Sept' stays four letters), its case kept. */
function monthName(m: number, like: string): string {
  const full = MONTHS[m - 1];
  const wasFull = like.toLowerCase() === MONTHS[monthOf(like) - 1];
  const name = wasFull ? full : like.length === 4 && m === 9 ? 'sept' : full.slice(0, 3);
  if (like.length > 1 && like === like.toUpperCase()) return name.toUpperCase();
  return like[0] === like[0].toUpperCase() ? name[0].toUpperCase() + name.slice(1) : name;
}
const monthOf = (name: string) => MONTHS.findIndex((f) => f.startsWith(name.toLowerCase().slice(0, 3))) + 1;

const HYPHENED_DATE = new RegExp(`^(?:(\\d{1,2})-${MONTH}|${MONTH}-(\\d{1,2}))(?:-(\\d{4}|\\d{2}))?$`, 'i');
const MONTH_DAY = new RegExp(`^${MONTH}(\\.?\\s*)(\\d{1,2})${ORD}?(?:(\\s*,?\\s*)(\\d{4}|'\\d{2}))?$`, 'i');
const MONTH_YEAR = new RegExp(`^${MONTH}(\\.?\\s*,?\\s*)(\\d{4})$`, 'i');
const DAY_MONTH = new RegExp(`^(\\d{1,2})${ORD}?(\\s*(?:of\\s+)?)${MONTH}(\\.?)(?:(\\s*,?\\s*)(\\d{4}))?$`, 'i');
const NTH_ALONE = new RegExp(`^(\\d{1,2})${ORD}$`);

export function shiftDate(text: string, days: number): string | undefined {
  let m: RegExpExecArray | null;
  // 7/22, 07/22/2019, 2/3/98, 7-22-19, 7.22.19
  if ((m = /^(\d{1,2})([/.-])(\d{1,2})(?:\2(\d{4}|\d{2}))?$/.exec(text))) {
    const [, mo, sep, second, yy] = m;
    const pad = (n: number) => (/^0/.test(mo) || /^0/.test(second) ? String(n).padStart(2, '0') : String(n));
    // 8/87: a month and a two-digit year.
    if (!yy && second.length === 2 && +second > 31 && +mo >= 1 && +mo <= 12) {
      const t = shifted(utc(fullYear(second), +mo, 15), days);
      return `${pad(t.getUTCMonth() + 1)}${sep}${year2(t.getUTCFullYear())}`;
    }
    const y = yy ? fullYear(yy) : REFERENCE_YEAR;
    if (!validDay(y, +mo, +second)) return undefined;
    const t = shifted(utc(y, +mo, +second), days);
    const out = `${pad(t.getUTCMonth() + 1)}${sep}${pad(t.getUTCDate())}`;
    return yy ? `${out}${sep}${yy.length === 4 ? t.getUTCFullYear() : year2(t.getUTCFullYear())}` : out;
  }
  // 2019-01-05
  if ((m = /^(\d{4})-(\d\d)-(\d\d)$/.exec(text))) {
    if (!validDay(+m[1], +m[2], +m[3])) return undefined;
    const t = shifted(utc(+m[1], +m[2], +m[3]), days);
    return `${t.getUTCFullYear()}-${String(t.getUTCMonth() + 1).padStart(2, '0')}-${String(t.getUTCDate()).padStart(2, '0')}`;
  }
  // 14-Mar-02, 30-OCT, Mar-14-2002
  if ((m = HYPHENED_DATE.exec(text))) {
    const [, dayFirst, name1, name2, dayAfter, yy] = m;
    const name = name1 ?? name2;
    const day = dayFirst ?? dayAfter;
    const y = yy ? fullYear(yy) : REFERENCE_YEAR;
    if (!validDay(y, monthOf(name), +day)) return undefined;
    const t = shifted(utc(y, monthOf(name), +day), days);
    const d = day.length === 2 && day[0] === '0' ? String(t.getUTCDate()).padStart(2, '0') : String(t.getUTCDate());
    const mon = monthName(t.getUTCMonth() + 1, name);
    const year = !yy ? '' : `-${yy.length === 4 ? t.getUTCFullYear() : year2(t.getUTCFullYear())}`;
    return `${dayFirst ? `${d}-${mon}` : `${mon}-${d}`}${year}`;
  }
  // Jan 5, Jan. 5th, January 5, 2019, Jan 5 '98
  if ((m = MONTH_DAY.exec(text))) {
    const [, name, gap, day, ord, gap2, yy] = m;
    const y = yy ? fullYear(yy.replace("'", '')) : REFERENCE_YEAR;
    if (!validDay(y, monthOf(name), +day)) return undefined;
    const t = shifted(utc(y, monthOf(name), +day), days);
    const d = t.getUTCDate();
    const dayText = day.length === 2 && day[0] === '0' ? String(d).padStart(2, '0') : String(d);
    const yearText = !yy ? '' : `${gap2}${yy[0] === "'" ? `'${year2(t.getUTCFullYear())}` : t.getUTCFullYear()}`;
    return `${monthName(t.getUTCMonth() + 1, name)}${gap}${dayText}${ord ? ordinal(d, ord) : ''}${yearText}`;
  }
  // January 2019, Jan. 1998
  if ((m = MONTH_YEAR.exec(text))) {
    const t = shifted(utc(+m[3], monthOf(m[1]), 15), days);
    return `${monthName(t.getUTCMonth() + 1, m[1])}${m[2]}${t.getUTCFullYear()}`;
  }
  // 5 Jan, 5th of January, 5 January 2019
  if ((m = DAY_MONTH.exec(text))) {
    const [, day, ord, gap, name, dot, gap2, yy] = m;
    const y = yy ? +yy : REFERENCE_YEAR;
    if (!validDay(y, monthOf(name), +day)) return undefined;
    const t = shifted(utc(y, monthOf(name), +day), days);
    const d = t.getUTCDate();
    return `${d}${ord ? ordinal(d, ord) : ''}${gap}${monthName(t.getUTCMonth() + 1, name)}${dot}${yy ? `${gap2}${t.getUTCFullYear()}` : ''}`;
  }
  // the 3rd: a day of a 31-day month.
  if ((m = NTH_ALONE.exec(text))) {
    if (+m[1] < 1 || +m[1] > 31) return undefined;
    const d = ((((+m[1] - 1 + days) % 31) + 31) % 31) + 1;
    return `${d}${ordinal(d, m[2])}`;
  }
  // 1998, 98: a year alone (its middle day shifted).
  if ((m = /^(\d{4}|\d{2})$/.exec(text))) {
    const t = shifted(utc(fullYear(m[1]), 7, 2), days);
    return m[1].length === 4 ? String(t.getUTCFullYear()) : year2(t.getUTCFullYear());
  }
  return undefined;
}
