/**
 * The one table of entity colours and status styles. Everything a user sees about colours
 * is generated from it: the manifest's semantic token types, TextMate fallbacks, theme-scoped
 * colour defaults and themeable colours (`node scripts/legend.mjs` writes them into
 * package.json), the walkthrough's colour step with its swatches (media/walkthrough/colours.md,
 * media/legend/*.svg), and the legend of the side panel. test/package/legend.test.ts checks
 * that the generated files agree with this table and that the colours are readable.
 *
 * No `vscode` import: the generator script and the tests load this file outside VS Code.
 */
import { contrast, mix } from './colour';

export type ThemeKind = 'light' | 'dark' | 'hcDark' | 'hcLight';
export const THEME_KINDS: readonly ThemeKind[] = ['light', 'dark', 'hcDark', 'hcLight'];

/**
 * The built-in themes each colour set is for, by their settings ids (`workbench.colorTheme`).
 * Other themes colour the types through their superTypes and TextMate scopes.
 */
export const THEMES: Record<ThemeKind, readonly { id: string; background: string; foreground: string }[]> = {
  light: [
    { id: 'Default Light Modern', background: '#ffffff', foreground: '#3b3b3b' },
    { id: 'Default Light+', background: '#ffffff', foreground: '#000000' },
    { id: 'Visual Studio Light', background: '#ffffff', foreground: '#000000' },
  ],
  dark: [
    { id: 'Default Dark Modern', background: '#1f1f1f', foreground: '#cccccc' },
    { id: 'Default Dark+', background: '#1e1e1e', foreground: '#d4d4d4' },
    { id: 'Visual Studio Dark', background: '#1e1e1e', foreground: '#d4d4d4' },
  ],
  hcDark: [{ id: 'Default High Contrast', background: '#000000', foreground: '#ffffff' }],
  hcLight: [{ id: 'Default High Contrast Light', background: '#ffffff', foreground: '#292929' }],
};

export interface EntityTypeEntry {
  id: 'problem' | 'treatment' | 'test' | 'disease' | 'chemical' | 'gene';
  label: string;
  description: string;
  /** Where the type is found. */
  domain: 'clinical notes' | 'literature';
  example: string;
  /** The standard token type every theme colours, for themes without our colours. */
  superType: string;
  /** TextMate scopes probed by themes that have no semantic token colours. */
  scopes: string[];
  /** One hue per type, per theme kind; each at least 4.5:1 against that kind's backgrounds. */
  colour: Record<ThemeKind, string>;
}

/** The order is the semantic token legend's (server/src/lsp/semanticTokens.ts): never reorder. */
export const ENTITY_LEGEND: readonly EntityTypeEntry[] = [
  {
    id: 'problem',
    label: 'Problem',
    description: 'A clinical problem: disease, symptom, finding (i2b2 PROBLEM)',
    domain: 'clinical notes',
    example: 'chest pain',
    superType: 'keyword',
    scopes: ['keyword.control'],
    // Burnt orange, not the editor's error red: a note full of problems is not a page of errors.
    colour: { light: '#a94e00', dark: '#f5a34b', hcDark: '#ffb35c', hcLight: '#874800' },
  },
  {
    id: 'treatment',
    label: 'Treatment',
    description: 'A treatment: drug, procedure, therapy (i2b2 TREATMENT)',
    domain: 'clinical notes',
    example: 'aspirin',
    superType: 'function',
    scopes: ['entity.name.function'],
    colour: { light: '#2b7530', dark: '#81c995', hcDark: '#8ef08e', hcLight: '#1b5e20' },
  },
  {
    id: 'test',
    label: 'Test',
    description: 'A test: examination, lab test, measurement (i2b2 TEST)',
    domain: 'clinical notes',
    example: 'troponin',
    superType: 'variable',
    scopes: ['variable'],
    colour: { light: '#1d4ed8', dark: '#7ab7ff', hcDark: '#8cc8ff', hcLight: '#0d47a1' },
  },
  {
    id: 'disease',
    label: 'Disease',
    description: 'A disease mention (literature)',
    domain: 'literature',
    example: 'hearing loss',
    superType: 'type',
    scopes: ['entity.name.type'],
    colour: { light: '#8e24aa', dark: '#d7a0ff', hcDark: '#eab8ff', hcLight: '#6a1b9a' },
  },
  {
    id: 'chemical',
    label: 'Chemical',
    description: 'A chemical or drug mention (literature)',
    domain: 'literature',
    example: 'cisplatin',
    superType: 'string',
    scopes: ['string'],
    colour: { light: '#c2185b', dark: '#f48fb1', hcDark: '#ff9ec7', hcLight: '#ad1457' },
  },
  {
    id: 'gene',
    label: 'Gene',
    description: 'A gene or gene product mention (literature)',
    domain: 'literature',
    example: 'TPMT',
    superType: 'number',
    scopes: ['constant.numeric'],
    colour: { light: '#00707f', dark: '#4dd0e1', hcDark: '#5cf0f0', hcLight: '#005f6b' },
  },
];

/**
 * Protected health information the rules find (server/src/lsp/phi.ts; biomedNlp.deidentify.show):
 * the token type after the entity types, in an olive no entity type, the text or the error
 * colour comes near, so a name or a date to de-identify is never read as an entity.
 */
export const PHI_LEGEND = {
  id: 'phi',
  label: 'PHI',
  description: 'Protected health information the rules find (a name, date, place, phone number, ID, ...): de-identify before sharing',
  example: 'Dr. Ramirez',
  superType: 'regexp',
  scopes: ['string.regexp'],
  colour: { light: '#6b6b00', dark: '#d4c95a', hcDark: '#eeee88', hcLight: '#4a4a00' } as Record<ThemeKind, string>,
} as const;

export interface ModifierEntry {
  id: 'negated' | 'uncertain' | 'related' | 'possible' | 'historical' | 'hypothetical' | 'family' | 'suggested' | 'curated';
  description: string;
  example: string;
  /**
   * How it looks, one channel per status: font styles over the type's own colour; `dim` mixes
   * the colour toward the background; `mark` is drawn by the client around or behind the
   * mention (client/src/statusMarks.ts; MARKS), where a font style would mislead or collide.
   */
  style: { italic?: boolean; underline?: boolean; bold?: boolean; dim?: boolean; mark?: MarkId };
  /** In words, for the legend. */
  looks: string;
  /** TextMate fallback for themes without our colours. */
  scopes?: string[];
}

/** The order is the semantic token legend's: never reorder, append new ones. */
export const MODIFIER_LEGEND: readonly ModifierEntry[] = [
  {
    id: 'negated',
    description: 'The entity is negated in the text (e.g. "denies chest pain").',
    example: 'denies chest pain',
    // Not struck through (that reads as deleted text) and no line at all: a contradicted
    // statement's squiggle would sit on top of it.
    style: { mark: 'band' },
    looks: 'grey band behind it: absent',
  },
  {
    id: 'uncertain',
    description: 'Old name of `possible`, set together with it; kept for one release.',
    example: 'possible *pneumonia*',
    style: { italic: true },
    looks: 'italic (as possible)',
    scopes: ['markup.italic'],
  },
  {
    id: 'related',
    description: 'The entity takes part in a relation with another entity of its sentence (hover to see it).',
    example: 'Warfarin for atrial fibrillation',
    // Bold said nothing without the legend: the hover and the side panel's Relations say it in words.
    style: {},
    looks: 'no style of its own: hover it for the relation',
  },
  {
    id: 'possible',
    description: 'The entity is hedged in the text (e.g. "concerning for malignancy", "rule out MI").',
    example: 'concerning for *malignancy*',
    style: { italic: true },
    looks: 'italic: may not be so',
    scopes: ['markup.italic'],
  },
  {
    id: 'historical',
    description:
      'The entity was known before this visit and may still be active (e.g. "history of stroke", "a boy with asthma who presents with wheezing", a Past Medical History section).',
    example: 'history of stroke',
    // Not dimmed: a dimmed chronic disease read as resolved or irrelevant. Bold, a
    // channel no other status uses, says "known, standing"; the legend and hover say it in words.
    style: { bold: true },
    looks: 'bold: known before this visit, may still be active',
    scopes: ['markup.bold'],
  },
  {
    id: 'hypothetical',
    description: 'The entity may happen (e.g. "return if she has chest pain").',
    example: 'return if *chest pain*',
    style: { italic: true },
    looks: 'italic: may not be so',
    scopes: ['markup.italic'],
  },
  {
    id: 'family',
    description: 'Someone other than the patient has it (e.g. "mother had breast cancer", a Family History section).',
    example: 'mother had breast cancer',
    style: { underline: true },
    looks: 'underlined: not the patient',
    scopes: ['markup.underline'],
  },
  {
    id: 'suggested',
    description: 'Curation: an entity the model suggests that nobody has reviewed yet (biomedNlp.curation.enabled).',
    example: 'chest pain (not yet reviewed)',
    // A channel no assertion status uses: dim and italic would read as historical and possible.
    style: { mark: 'box' },
    looks: 'dashed box: not yet reviewed (curation)',
  },
  {
    id: 'curated',
    description: "Curation: an entity reviewed into the note's .ann file.",
    example: 'chest pain (in the .ann)',
    style: {},
    looks: 'no box: reviewed (curation)',
  },
];

export type MarkId = 'box' | 'band';

export interface MarkEntry {
  /** The themeable colour (contributes.colors) the client draws the mark in. */
  colourId: string;
  description: string;
  /** Per theme kind: a box's border at least 3:1 against the background (a UI component); a band keeps every type readable on it. */
  colour: Record<ThemeKind, string>;
}

/** The marks the client draws (client/src/statusMarks.ts): neither is a font style a status uses. */
export const MARKS: Record<MarkId, MarkEntry> = {
  box: {
    colourId: 'biomedNlp.suggestion.border',
    description: 'Biomed NLP curation: the dashed box around a suggestion nobody has reviewed yet.',
    colour: { light: '#767676', dark: '#9d9d9d', hcDark: '#c8c8c8', hcLight: '#595959' },
  },
  band: {
    colourId: 'biomedNlp.negated.background',
    description: 'Biomed NLP: the band behind a negated mention (absent in the text).',
    colour: { light: '#eeeeee', dark: '#363636', hcDark: '#333333', hcLight: '#e6e6e6' },
  },
};

/** How far `dim` moves a colour toward the background (0: not at all, 1: the background). */
export const DIM = 0.35;

// ---------------------------------------------------------------------------------------
// What is generated from the table (the colour arithmetic is colour.ts's).

/** The themeable colour id of a type (contributes.colors), used for the panel's swatches. */
export function colourId(type: string): string {
  return `biomedNlp.entity.${type}`;
}

/** The theme-scoped key of a kind's themes: `[Default Light Modern][Default Light+]...`. */
export function themeKey(kind: ThemeKind): string {
  return THEMES[kind].map((t) => `[${t.id}]`).join('');
}

/** The type's colour moved toward the background by DIM, but never below 3:1 contrast (on the negated band too): dimmed, still readable. */
export function dimmed(type: EntityTypeEntry, kind: ThemeKind): string {
  const background = THEMES[kind][0].background;
  const readable = (c: string) => contrast(c, background) >= 3 && contrast(c, MARKS.band.colour[kind]) >= 3;
  let amount = DIM;
  while (amount > 0 && !readable(mix(type.colour[kind], background, amount))) amount -= 0.01;
  return mix(type.colour[kind], background, Math.max(0, amount));
}

type StyleRule = string | { foreground?: string; italic?: boolean; underline?: boolean; bold?: boolean };

/** The semantic token rules of one theme kind: a colour per type, a style per modifier. */
export function semanticRules(kind: ThemeKind): Record<string, StyleRule> {
  const rules: Record<string, StyleRule> = {};
  for (const t of ENTITY_LEGEND) rules[t.id] = t.colour[kind];
  rules[PHI_LEGEND.id] = PHI_LEGEND.colour[kind];
  for (const m of MODIFIER_LEGEND) {
    // Font styles only: the colour stays the type's (a negated problem is still a problem);
    // marks are no token style, the client draws them (statusMarks.ts).
    const { italic, underline, bold, dim } = m.style;
    const fonts = { ...(italic ? { italic } : {}), ...(underline ? { underline } : {}), ...(bold ? { bold } : {}) };
    if (Object.keys(fonts).length) rules[`*.${m.id}`] = fonts;
    if (dim) for (const t of ENTITY_LEGEND) rules[`${t.id}.${m.id}`] = { foreground: dimmed(t, kind) };
  }
  return rules;
}

/**
 * The note grammar's own scopes in the body text's colour (headings bold, placeholders dim
 * italic): before, numbers, doses and placeholders took the theme's string/comment/keyword
 * colours and were mistaken for entity types.
 */
export function grammarRules(kind: ThemeKind): { scope: string[]; settings: { foreground?: string; fontStyle?: string } }[] {
  const { background, foreground } = THEMES[kind][0];
  return [
    {
      scope: [
        'constant.numeric.clinical-note',
        'constant.numeric.dose.clinical-note',
        'constant.other.date.clinical-note',
        'keyword.other.frequency.clinical-note',
        'keyword.other.route.clinical-note',
        'keyword.other.unit.clinical-note',
        'markup.list.numbered.clinical-note',
        'markup.list.unnumbered.clinical-note',
      ],
      settings: { foreground, fontStyle: '' },
    },
    { scope: ['markup.heading.clinical-note'], settings: { foreground, fontStyle: 'bold' } },
    { scope: ['comment.block.deidentified.clinical-note'], settings: { foreground: mix(foreground, background, 0.4), fontStyle: 'italic' } },
  ];
}

const themeDefaults = (c: Record<ThemeKind, string>) => ({ light: c.light, dark: c.dark, highContrast: c.hcDark, highContrastLight: c.hcLight });

/** The parts of package.json's `contributes` generated from the table. */
export function manifestParts() {
  const semanticTokenColorCustomizations: Record<string, unknown> = {};
  const tokenColorCustomizations: Record<string, unknown> = {};
  for (const kind of THEME_KINDS) {
    semanticTokenColorCustomizations[themeKey(kind)] = { rules: semanticRules(kind) };
    tokenColorCustomizations[themeKey(kind)] = { textMateRules: grammarRules(kind) };
  }
  const scopes: Record<string, string[]> = {};
  for (const t of [...ENTITY_LEGEND, PHI_LEGEND]) scopes[t.id] = [...t.scopes];
  for (const m of MODIFIER_LEGEND) if (m.scopes) scopes[`*.${m.id}`] = m.scopes;
  return {
    semanticTokenTypes: [...ENTITY_LEGEND, PHI_LEGEND].map((t) => ({ id: t.id, superType: t.superType, description: t.description })),
    semanticTokenModifiers: MODIFIER_LEGEND.map((m) => ({ id: m.id, description: m.description })),
    semanticTokenScopes: [{ scopes }],
    colors: [
      ...ENTITY_LEGEND.map((t) => ({
        id: colourId(t.id),
        description: `Biomed NLP: the colour of ${t.label.toLowerCase()} entities in the side panel and legend (the editor's is editor.semanticTokenColorCustomizations).`,
        defaults: themeDefaults(t.colour),
      })),
      {
        id: colourId(PHI_LEGEND.id),
        description: "Biomed NLP: the colour of protected health information in the side panel (the editor's is editor.semanticTokenColorCustomizations).",
        defaults: themeDefaults(PHI_LEGEND.colour),
      },
      ...Object.values(MARKS).map((m) => ({ id: m.colourId, description: m.description, defaults: themeDefaults(m.colour) })),
    ],
    configurationDefaults: {
      'editor.semanticTokenColorCustomizations': semanticTokenColorCustomizations,
      'editor.tokenColorCustomizations': tokenColorCustomizations,
    },
  };
}

const KIND_TITLE: Record<ThemeKind, string> = { light: 'Light', dark: 'Dark', hcDark: 'High Contrast', hcLight: 'High Contrast Light' };

/** A swatch: the type's example word in its colour on the theme kind's background. */
export function swatchSvg(type: EntityTypeEntry, kind: ThemeKind): string {
  const { background } = THEMES[kind][0];
  const text = escapeXml(type.example);
  const width = 16 + Math.ceil(text.length * 8.4);
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="24" viewBox="0 0 ${width} 24">`,
    `<rect width="${width}" height="24" rx="4" fill="${background}" stroke="#808080" stroke-width="1"/>`,
    `<text x="8" y="16.5" font-family="Segoe UI, Helvetica, Arial, sans-serif" font-size="14" fill="${type.colour[kind]}">${text}</text>`,
    '</svg>',
    '',
  ].join('\n');
}

export function swatchPath(type: string, kind: ThemeKind): string {
  return `media/legend/${type}-${kind}.svg`;
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The walkthrough's colour step (media/walkthrough/colours.md). */
export function walkthroughMarkdown(): string {
  const kinds = THEME_KINDS.map((k) => KIND_TITLE[k]);
  const lines = [
    '<!-- Generated by `node scripts/legend.mjs` from client/src/legend.ts: edit the table there. -->',
    '# What the colours mean',
    '',
    'Entities found by the model are semantic tokens with their own colour per type, in the',
    'built-in Light, Dark and High Contrast themes (other themes colour them like the token',
    'type in the last column). The *Biomed NLP* side panel shows the same legend for the',
    'theme in use.',
    '',
    `| entity | found in | ${kinds.join(' | ')} | other themes: like |`,
    `|---|---|${kinds.map(() => '---|').join('')}---|`,
    ...ENTITY_LEGEND.map(
      (t) =>
        `| **${t.label}**: ${t.description.replace(/ \(.*\)$/, '')} | ${t.domain} | ${THEME_KINDS.map(
          (k) => `![${t.label} in ${KIND_TITLE[k]}: ${t.colour[k]}](../legend/${t.id}-${k}.svg)`,
        ).join(' | ')} | ${t.superType} |`,
    ),
    '',
    'Which types are shown is the setting `biomedNlp.entityTypes` (clinical notes: `problem`,',
    '`treatment`, `test`; literature: `disease`, `chemical`, `gene`).',
    '',
    `**${PHI_LEGEND.label}** (\`${PHI_LEGEND.id}\`, olive: ${THEME_KINDS.map((k) => `${KIND_TITLE[k]} ${PHI_LEGEND.colour[k]}`).join(', ')}):`,
    'protected health information the rules find, no model (a name, a date, a place, a phone',
    'number, an ID, ...); hover it for what it probably is. `biomedNlp.deidentify.show` turns it off.',
    '',
    'The status of a mention changes its style, never its hue; each status has a style of its',
    'own, and review state (curation) one that no status uses:',
    '',
    '| status | looks | meaning |',
    '|---|---|---|',
    ...MODIFIER_LEGEND.filter((m) => m.id !== 'uncertain').map((m) => `| \`${m.id}\` | ${m.looks} | ${m.description.replace(/\|/g, '\\|')} |`),
    '',
    'Numbers, doses, dates and frequencies keep the text colour, so that colour always means',
    'an entity; section headers ("Exam:", "Treatment:") are bold; brackets are not coloured.',
    'To change a colour, set `editor.semanticTokenColorCustomizations` in your settings, e.g.',
    '`"[Default Dark Modern]": { "rules": { "problem": "#ff0000", "*.family": { "underline": false } } }`;',
    `the box and the band are the themeable colours \`${MARKS.box.colourId}\` and \`${MARKS.band.colourId}\``,
    '(`workbench.colorCustomizations`).',
    '',
  ];
  return lines.join('\n');
}
