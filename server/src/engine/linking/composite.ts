/**
 * Composite mentions: one mention naming several concepts, as the corpora annotate them
 * ("breast and ovarian cancer", "Duchenne/Becker muscular dystrophy", "deficiency of C6 and
 * C7", "BRCA1/2", "colon and some other cancers"). Each way of reading the mention as parts
 * is proposed; the linker keeps the first whose every part links.
 */

/** Between conjuncts: "and", "or", "and/or", commas, a slash. */
const CONJUNCTION = /\s*(?:,\s*(?:and|or|and\/or)\s+|\s+(?:and\/or|and|or|as well as)\s+|,\s*|\s*\/\s*)/i;

function conjuncts(text: string): string[] {
  return text
    .split(CONJUNCTION)
    .map((s) => s.trim())
    .filter(Boolean);
}

/**
 * The readings of a mention as parts, most likely first; none when it has no conjunction.
 * Each reading has two parts or more.
 */
export function compositeReadings(mention: string): string[][] {
  const text = mention.replace(/\s+/g, ' ').trim();
  const readings: string[][] = [];
  const add = (parts: string[]) => {
    const clean = parts.map((p) => p.trim()).filter(Boolean);
    if (clean.length > 1 && !readings.some((r) => r.join('\u0000') === clean.join('\u0000'))) readings.push(clean);
  };

  // "BRCA1/2", "C6/7": a name and the numbers after its slash.
  const numbered = /^(.*?)(\d+)((?:\s*\/\s*\d+)+)$/.exec(text);
  if (numbered)
    add([
      numbered[1] + numbered[2],
      ...numbered[3]
        .split('/')
        .map((n) => numbered[1] + n.trim())
        .slice(1),
    ]);

  // "HEAD of X and Y": the head shared by each complement.
  const of = /^(.*?\b(?:of|in|to)(?: the)?) (.+)$/i.exec(text);
  if (of) {
    const parts = conjuncts(of[2]);
    if (parts.length > 1) add(parts.map((p) => `${of[1]} ${p}`));
  }

  const parts = conjuncts(text);
  if (parts.length < 2) return readings;
  const last = parts[parts.length - 1].split(' ');
  // "X and Y HEAD": the last conjunct's final words shared by those before it, shortest head first.
  for (let k = 1; k < last.length; k++) {
    const head = last.slice(last.length - k).join(' ');
    add([...parts.slice(0, -1).map((p) => (p.split(' ').length === 1 || k === 1 ? `${p} ${head}` : p)), parts[parts.length - 1]]);
  }
  // "X HEAD and Y": the first conjunct's first words shared by those after it.
  const first = parts[0].split(' ');
  if (first.length > 1) add([parts[0], ...parts.slice(1).map((p) => `${first.slice(0, -1).join(' ')} ${p}`)]);
  add(parts);
  return readings;
}
