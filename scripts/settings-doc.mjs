// Generates docs/reference/settings.md from package.json's `contributes.configuration`:
// the settings reference is never written by hand, so it cannot drift from the manifest.
// `npm run docs:settings` writes it; `--check` exits 1 when the file on disk differs.
// test/package/settingsDoc.test.ts imports settingsMarkdown and fails on drift too.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const SETTINGS_DOC = 'docs/reference/settings.md';
export const COMMAND = 'npm run docs:settings';

/** The configuration sections of a manifest: `contributes.configuration` may be one object or an array. */
export function configurationSections(manifest) {
  const c = manifest?.contributes?.configuration;
  if (!c) return [];
  return Array.isArray(c) ? c : [c];
}

/** Every setting as [key, schema], in manifest order across sections. */
export function settingEntries(manifest) {
  return configurationSections(manifest).flatMap((s) => Object.entries(s.properties ?? {}));
}

// JSON in a code span; backticks inside would end the span, so use a longer fence then.
function code(value) {
  const s = typeof value === 'string' ? value : JSON.stringify(value);
  const ticks = s.includes('`') ? '``' : '`';
  const pad = s.startsWith('`') || s.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${s}${pad}${ticks}`;
}

function typeOf(schema) {
  const t = Array.isArray(schema.type) ? schema.type.join(' | ') : (schema.type ?? 'any');
  if (t === 'array' && schema.items?.type) return `array of ${schema.items.type}`;
  return t;
}

function enumLines(values, descriptions) {
  return values.map((v, i) => `  - ${code(v)}${descriptions?.[i] ? `: ${descriptions[i]}` : ''}`);
}

/** The whole settings reference as Markdown, from a parsed package.json. */
export function settingsMarkdown(manifest) {
  const out = [
    `<!-- Generated from package.json contributes.configuration by \`${COMMAND}\` (scripts/settings-doc.mjs); do not edit by hand. -->`,
    '',
    '# Settings reference',
    '',
    `Every setting of ${manifest.displayName ?? manifest.name}, as the manifest declares it. Change a setting in package.json, then run \`${COMMAND}\`.`,
    '',
  ];
  const sections = configurationSections(manifest);
  for (const section of sections) {
    if (sections.length > 1 && section.title) out.push(`## ${section.title}`, '');
    for (const [key, schema] of Object.entries(section.properties ?? {})) {
      out.push(`${sections.length > 1 ? '###' : '##'} \`${key}\``, '');
      out.push(`- Type: ${typeOf(schema)}`);
      out.push(`- Default: ${'default' in schema ? code(JSON.stringify(schema.default)) : '(none)'}`);
      if (schema.scope) out.push(`- Scope: ${schema.scope}`);
      if (schema.minimum !== undefined) out.push(`- Minimum: ${code(schema.minimum)}`);
      if (schema.maximum !== undefined) out.push(`- Maximum: ${code(schema.maximum)}`);
      if (schema.enum) {
        out.push('- Values:');
        out.push(...enumLines(schema.enum, schema.markdownEnumDescriptions ?? schema.enumDescriptions));
      }
      if (schema.items?.enum) {
        out.push('- Item values:');
        out.push(...enumLines(schema.items.enum, schema.items.markdownEnumDescriptions ?? schema.items.enumDescriptions));
      }
      if (schema.deprecationMessage || schema.markdownDeprecationMessage) {
        out.push(`- Deprecated: ${schema.markdownDeprecationMessage ?? schema.deprecationMessage}`);
      }
      const text = schema.markdownDescription ?? schema.description;
      if (text) out.push('', text);
      out.push('');
    }
  }
  return out.join('\n').replace(/\n+$/, '\n');
}

// Run as a script: write the file, or with --check report drift and exit 1.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
  const text = settingsMarkdown(manifest);
  const file = path.join(root, SETTINGS_DOC);
  if (process.argv.includes('--check')) {
    const current = fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : '';
    if (current !== text) {
      console.error(`${SETTINGS_DOC} is out of date: run \`${COMMAND}\``);
      process.exit(1);
    }
    console.log(`${SETTINGS_DOC} is up to date`);
  } else {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    console.log(`wrote ${SETTINGS_DOC} (${settingEntries(manifest).length} settings)`);
  }
}
