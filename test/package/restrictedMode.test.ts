/**
 * Restricted Mode: an untrusted workspace must not choose where
 * note text or the API key goes, or which local file is read. VS Code applies the
 * manifest's `capabilities.untrustedWorkspaces.restrictedConfigurations` to every read
 * through `vscode.workspace.getConfiguration` (workspace values of those settings are
 * ignored until the workspace is trusted), and that is the only way settings reach the
 * server: the client's initializationOptions and configuration sync, and the server's
 * workspace/configuration requests, which vscode-languageclient answers with the same
 * call. So the list in the manifest is the whole protection, and it is derived here from a
 * rule, so that a new setting of that kind cannot be forgotten.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ROOT } from '../support/paths';

const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const props: Record<string, Record<string, unknown>> = manifest.contributes.configuration.properties;
const restricted: string[] = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;

/** Words of a setting's key that name a destination, a credential or something read from disk. */
const KEY_WORDS = new Set([
  'host',
  'url',
  'uri',
  'endpoint',
  'proxy',
  'port',
  'socket',
  'server',
  'engine',
  'model',
  'remote',
  'key',
  'token',
  'secret',
  'path',
  'file',
  'dir',
  'directory',
  'folder',
  'command',
  'executable',
  'env',
  'cwd',
  'trace',
  'log',
]);
/** The same in a description. */
const DESCRIPTION =
  /\b(hosts?|URLs?|endpoints?|servers?|ports?|remote|API keys?|tokens?|files?|paths?|folders?|director(?:y|ies)|commands?|executables?|GGUF|logs?)\b/i;

/**
 * Settings the rule names that decide neither where text goes nor which file outside the
 * workspace is read, each with the reason.
 */
const NOT_A_DESTINATION: Record<string, string> = {
  'biomedNlp.languages': "which of the workspace's own open documents are analysed; their text goes only where the restricted settings say",
  'biomedNlp.curation.enabled': "writes the .ann beside each of the workspace's own notes, and reads only those",
  'biomedNlp.curation.fewShot': "how many curated sentences of the note's own folder go with a prompt, to the model server the restricted settings name",
  'biomedNlp.deidentify.show': 'how the PHI the rules find is shown in the note, in the editor only: nothing is sent or read',
};

/** The words of a key: `biomedNlp.embedded.modelPath` -> embedded, model, path. */
function keyWords(key: string): string[] {
  return key
    .replace(/^biomedNlp\./, '')
    .split(/[.\-_]|(?<=[a-z0-9])(?=[A-Z])/)
    .map((w) => w.toLowerCase());
}

function description(p: Record<string, unknown>): string {
  const parts = [p.markdownDescription, p.description, p.enumDescriptions, p.markdownEnumDescriptions].flat();
  return parts.filter((x): x is string => typeof x === 'string').join(' ');
}

/** The rule: a setting whose key or description names a host, URL, server, engine, model, key, path, file, command or log. */
function decidesWhereOrWhat(key: string): boolean {
  return keyWords(key).some((w) => KEY_WORDS.has(w)) || DESCRIPTION.test(description(props[key]));
}

describe('package: Restricted Mode', () => {
  it('the rule reads keys by their words', () => {
    assert.deepEqual(keyWords('biomedNlp.embedded.modelPath'), ['embedded', 'model', 'path']);
    assert.deepEqual(keyWords('biomedNlp.assertion.extraTermsFile'), ['assertion', 'extra', 'terms', 'file']);
    assert.ok(!keyWords('biomedNlp.promptProfile').includes('file'), 'Profile is not file');
  });

  it('every setting that decides where note text or the API key goes, or which file is read, is restricted', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    const named = Object.keys(props).filter(decidesWhereOrWhat);
    const missing = named.filter((k) => !restricted.includes(k) && !Object.hasOwn(NOT_A_DESTINATION, k));
    assert.deepEqual(missing, [], 'restrict these in capabilities.untrustedWorkspaces.restrictedConfigurations, or say in NOT_A_DESTINATION why not');
    // These by name, whatever their descriptions say (the check above reads descriptions).
    for (const k of [
      'biomedNlp.engine',
      'biomedNlp.ollama.host',
      'biomedNlp.model',
      'biomedNlp.openai.baseUrl',
      'biomedNlp.openai.model',
      'biomedNlp.embedded.modelPath',
      'biomedNlp.nli.embeddingModel',
      'biomedNlp.allowRemoteHost',
      'biomedNlp.deidentify.beforeRemote',
      'biomedNlp.assertion.extraTermsFile',
      'biomedNlp.trace.server',
    ]) {
      assert.ok(restricted.includes(k), `${k} is restricted`);
      assert.ok(decidesWhereOrWhat(k), `the rule names ${k}`);
    }
  });

  it('linking: the vocabularies (local files read) are restricted, and Add a Vocabulary… is off in Restricted Mode', () => {
    assert.ok(restricted.includes('biomedNlp.linking.vocabularies'));
    const command = (manifest.contributes.commands as { command: string; enablement?: string }[]).find((c) => c.command === 'biomedNlp.addVocabulary');
    assert.equal(command?.enablement, 'isWorkspaceTrusted');
  });

  it('lists only settings that exist, each once, and explains only settings the rule names and that are not restricted', () => {
    for (const k of restricted) assert.ok(Object.hasOwn(props, k), `${k} is a setting`);
    assert.equal(new Set(restricted).size, restricted.length);
    for (const k of Object.keys(NOT_A_DESTINATION)) {
      assert.ok(Object.hasOwn(props, k) && decidesWhereOrWhat(k) && !restricted.includes(k), k);
    }
  });

  it('settings reach the server only through the VS Code configuration API (where the restriction applies)', () => {
    const sources = (dir: string): string[] =>
      fs
        .readdirSync(dir, { recursive: true, encoding: 'utf8' })
        .filter((f) => f.endsWith('.ts'))
        .map((f) => path.join(dir, f));
    for (const file of [...sources(path.join(ROOT, 'client', 'src')), ...sources(path.join(ROOT, 'server', 'src', 'lsp'))]) {
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/settings\.json|\.code-workspace/.test(text), `${path.relative(ROOT, file)} reads settings files itself`);
    }
    const extension = fs.readFileSync(path.join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');
    assert.match(extension, /synchronize: \{ configurationSection: 'biomedNlp' \}/);
    assert.match(extension, /settings: vscode\.workspace\.getConfiguration\('biomedNlp'\)/);
  });
});
