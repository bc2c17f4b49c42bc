/**
 * The packaged extension: what the .vsix holds, that the bundles run without
 * node_modules, and that the manifest agrees with the server (legend, settings).
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { builtinModules } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_SETTINGS, MAX_FEW_SHOT } from '../../server/src/lsp/settings';
import { DEFAULT_LANGUAGES } from '../../server/src/protocol/protocol';
import { LEGEND } from '../../server/src/lsp/semanticTokens';
import { MENU, NOT_IN_MENU, WALKTHROUGH_ID } from '../../client/src/menu';
import { LspTestClient } from '../support/lspClient';
import { loadGoldDocuments, MEDTUNED_MODEL, OllamaTestServer } from '../support/ollamaServer';
import { fixtureNote, NOTES_DIR, spans } from '../support/gold';

const ROOT = path.resolve(__dirname, '../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
const vsce = path.join(ROOT, 'node_modules/.bin/vsce');

describe('package: manifest and .vsix', function () {
  this.timeout(60_000);

  it('declares the semantic token legend in order, each type with its own superType and scopes', () => {
    const types = manifest.contributes.semanticTokenTypes;
    assert.deepEqual(
      types.map((t: { id: string }) => t.id),
      LEGEND.tokenTypes,
    );
    assert.deepEqual(LEGEND.tokenTypes, ['problem', 'treatment', 'test', 'disease', 'chemical', 'gene', 'phi']);
    const supers = types.map((t: { superType: string }) => t.superType);
    assert.equal(new Set(supers).size, supers.length, 'every type is coloured differently');
    assert.deepEqual(
      manifest.contributes.semanticTokenModifiers.map((m: { id: string }) => m.id),
      LEGEND.tokenModifiers,
    );
    const scopes = manifest.contributes.semanticTokenScopes[0].scopes;
    for (const t of LEGEND.tokenTypes) assert.ok(scopes[t]?.length, `TextMate fallback for ${t}`);
    assert.equal(manifest.contributes.configurationDefaults['[clinical-note]']['editor.semanticHighlighting.enabled'], true);
  });

  it('declares every setting with the default the server uses', () => {
    const props = manifest.contributes.configuration.properties;
    const flat: Record<string, unknown> = {
      'biomedNlp.languages': DEFAULT_LANGUAGES,
      'biomedNlp.entityTypes': DEFAULT_SETTINGS.engine.entityTypes,
      'biomedNlp.promptProfile': DEFAULT_SETTINGS.engine.promptProfile,
      'biomedNlp.model': DEFAULT_SETTINGS.engine.model,
      'biomedNlp.ollama.host': DEFAULT_SETTINGS.engine.ollama.host,
      'biomedNlp.ollama.numCtx': DEFAULT_SETTINGS.engine.numCtx,
      'biomedNlp.ollama.keepAlive': DEFAULT_SETTINGS.engine.ollama.keepAlive,
      'biomedNlp.engine': DEFAULT_SETTINGS.engine.engine,
      'biomedNlp.openai.baseUrl': DEFAULT_SETTINGS.engine.openai.baseUrl,
      'biomedNlp.openai.model': DEFAULT_SETTINGS.engine.openai.model,
      'biomedNlp.embedded.modelPath': DEFAULT_SETTINGS.engine.embedded.modelPath,
      'biomedNlp.allowRemoteHost': DEFAULT_SETTINGS.engine.allowRemoteHost,
      'biomedNlp.debounceMs': DEFAULT_SETTINGS.engine.debounceMs,
      'biomedNlp.maxConcurrentRequests': DEFAULT_SETTINGS.engine.maxConcurrentRequests,
      'biomedNlp.requestTimeoutMs': DEFAULT_SETTINGS.engine.requestTimeoutMs,
      'biomedNlp.retryIntervalMs': DEFAULT_SETTINGS.engine.retryIntervalMs,
      'biomedNlp.maxDocumentLength': DEFAULT_SETTINGS.engine.maxDocumentLength,
      'biomedNlp.relations.enabled': DEFAULT_SETTINGS.engine.relations.enabled,
      'biomedNlp.relations.maxPairsPerSentence': DEFAULT_SETTINGS.engine.relations.maxPairsPerSentence,
      'biomedNlp.relations.untrainedKinds': DEFAULT_SETTINGS.engine.relations.untrainedKinds,
      'biomedNlp.relations.sentenceWindow': DEFAULT_SETTINGS.engine.relations.sentenceWindow,
      'biomedNlp.medtuned.instructionVariant': DEFAULT_SETTINGS.engine.medtuned.instructionVariant,
      'biomedNlp.nli.enabled': DEFAULT_SETTINGS.engine.nli.enabled,
      'biomedNlp.nli.sections': DEFAULT_SETTINGS.engine.nli.sections,
      'biomedNlp.nli.maxPremises': DEFAULT_SETTINGS.engine.nli.maxPremises,
      'biomedNlp.nli.embeddingModel': DEFAULT_SETTINGS.engine.nli.embeddingModel,
      'biomedNlp.linking.vocabularies': DEFAULT_SETTINGS.engine.linking!.vocabularies,
      'biomedNlp.cache.persist': DEFAULT_SETTINGS.cache.persist,
      'biomedNlp.cache.maxMegabytes': DEFAULT_SETTINGS.cache.maxMegabytes,
      // Read by the curation adapter itself (lsp/curation.ts); clinicians keep a read-only view.
      'biomedNlp.curation.enabled': false,
      'biomedNlp.curation.fewShot': DEFAULT_SETTINGS.engine.curation?.fewShot,
      'biomedNlp.nli.severity.contradiction': DEFAULT_SETTINGS.severity.contradiction,
      'biomedNlp.nli.severity.unsupported': DEFAULT_SETTINGS.severity.unsupported,
      'biomedNlp.assertion.enabled': DEFAULT_SETTINGS.engine.assertion.enabled,
      'biomedNlp.assertion.extraTermsFile': DEFAULT_SETTINGS.engine.assertion.extraTermsFile,
      'biomedNlp.assertion.source': DEFAULT_SETTINGS.engine.assertion.source,
      'biomedNlp.trace.server': DEFAULT_SETTINGS.trace,
      'biomedNlp.deidentify.show': DEFAULT_SETTINGS.deidentify.show,
      'biomedNlp.deidentify.beforeRemote': DEFAULT_SETTINGS.engine.deidentify!.beforeRemote,
    };
    assert.deepEqual(Object.keys(props).sort(), Object.keys(flat).sort());
    for (const [key, value] of Object.entries(flat)) assert.deepEqual(props[key].default, value, key);
    assert.equal(props['biomedNlp.entityTypes'].scope, 'resource');
    assert.deepEqual(props['biomedNlp.relations.untrainedKinds'].enum, ['skip', 'json-prompt']);
    assert.deepEqual([props['biomedNlp.curation.fewShot'].minimum, props['biomedNlp.curation.fewShot'].maximum], [0, MAX_FEW_SHOT]);
    assert.deepEqual([props['biomedNlp.medtuned.instructionVariant'].minimum, props['biomedNlp.medtuned.instructionVariant'].maximum], [1, 5]);
    assert.ok(manifest.engines.vscode.startsWith('^1.') && Number(manifest.engines.vscode.split('.')[1]) <= 100);
  });

  it('contributes the clinical-note language, its grammar and the commands', () => {
    const lang = manifest.contributes.languages.find((l: { id: string }) => l.id === 'clinical-note');
    assert.deepEqual(lang.extensions, ['.note']);
    const grammar = JSON.parse(fs.readFileSync(path.join(ROOT, manifest.contributes.grammars[0].path), 'utf8'));
    assert.equal(grammar.scopeName, 'text.clinical-note');
    const commands = manifest.contributes.commands.map((c: { command: string }) => c.command);
    for (const c of ['biomedNlp.analyzeDocument', 'biomedNlp.showLog', 'biomedNlp.checkStatement', 'biomedNlp.checkSelectionAgainstNote']) {
      assert.ok(commands.includes(c), c);
    }
  });

  it('the status menu lists every command of this extension, the walkthrough and the legend', () => {
    const commands: string[] = manifest.contributes.commands.map((c: { command: string }) => c.command);
    const inMenu = new Set(MENU.map((e) => e.command));
    // The menu adds contributed commands it does not know at the end (status.ts); the known ones must all exist.
    for (const e of MENU) if (e.command.startsWith('biomedNlp.')) assert.ok(commands.includes(e.command), `${e.command} is contributed`);
    const mine = [
      'biomedNlp.analyzeDocument',
      'biomedNlp.showLog',
      'biomedNlp.checkStatement',
      'biomedNlp.checkSelectionAgainstNote',
      'biomedNlp.selectModel',
      'biomedNlp.pullModel',
      'biomedNlp.exportAnnotations',
      'biomedNlp.openExample',
      'biomedNlp.downloadEmbeddedModel',
      'biomedNlp.chooseEmbeddedModelFile',
      'biomedNlp.setOpenAiApiKey',
      'biomedNlp.showPanel',
      'biomedNlp.showLegend',
    ];
    for (const c of mine) assert.ok(inMenu.has(c) && !NOT_IN_MENU.includes(c), `${c} in the menu`);
    const [publisher, rest] = WALKTHROUGH_ID.split('.');
    assert.equal(`${publisher}.${rest.split('#')[0]}`, `${manifest.publisher}.${manifest.name}`);
    assert.ok(manifest.contributes.walkthroughs.some((w: { id: string }) => w.id === WALKTHROUGH_ID.split('#')[1]));
  });

  it('contributes the Biomed NLP side panel with its filters, and the legend in the walkthrough', () => {
    assert.equal(manifest.contributes.viewsContainers.activitybar[0].title, 'Biomed NLP');
    assert.equal(manifest.contributes.views.biomedNlp[0].id, 'biomedNlp.note');
    const titleMenu = manifest.contributes.menus['view/title'].map((m: { command: string }) => m.command);
    for (const c of ['biomedNlp.panel.filterTypes', 'biomedNlp.panel.filterStatuses', 'biomedNlp.panel.clearFilters']) assert.ok(titleMenu.includes(c), c);
    // The Concepts title bar at the default side bar width: three inline actions at most, so
    // that its title and search words show whole; the filters and Analyse All go in its … menu.
    const inline = manifest.contributes.menus['view/title'].filter(
      (m: { when: string; group?: string }) => m.when.startsWith('view == biomedNlp.concepts') && m.group?.startsWith('navigation'),
    );
    assert.deepEqual(
      inline.map((m: { command: string }) => m.command),
      ['biomedNlp.findConcept', 'biomedNlp.concepts.clearQuery', 'biomedNlp.concepts.refresh'],
    );
    const step = manifest.contributes.walkthroughs[0].steps.find((s: { id: string }) => s.id === 'colours');
    assert.equal(step.media.markdown, 'media/walkthrough/colours.md');
    assert.match(step.description, /command:biomedNlp\.showLegend/);
  });

  it('activates on clinical notes and on any language (the client then starts the server only for biomedNlp.languages)', () => {
    // VS Code has no activation event that follows a setting: the generic onLanguage lets the
    // thin client see every opened document; client/src/extension.ts starts the server lazily.
    assert.deepEqual(manifest.activationEvents, ['onLanguage:clinical-note', 'onLanguage']);
    const client = fs.readFileSync(path.join(ROOT, 'client/src/extension.ts'), 'utf8');
    assert.match(client, /onDidOpenTextDocument/);
  });

  it('packages only the bundles and assets, with a packager that runs on this Node', () => {
    const listed = execFileSync(vsce, ['ls', '--no-dependencies'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter(Boolean);
    for (const f of ['package.json', 'dist/extension.js', 'dist/server.js', 'media/icon.png', 'syntaxes/clinical-note.tmLanguage.json']) {
      assert.ok(listed.includes(f), `${f} is packaged`);
    }
    for (const f of listed) assert.ok(!/^(node_modules|out|test|server\/src|client\/src|bench)\//.test(f), `${f} is not packaged`);
    // The source maps stay in the checkout: they hold the whole source and triple the size.
    assert.deepEqual(
      listed.filter((f) => f.endsWith('.map')),
      [],
    );
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'vsix-')), 'biomed-nlp.vsix');
    execFileSync(vsce, ['package', '--no-dependencies', '--no-rewrite-relative-links', '--out', out], { cwd: ROOT, stdio: 'pipe' });
    assert.ok(fs.statSync(out).size > 10_000);
  });

  it('ships minified bundles, each with its source map beside it in the checkout', () => {
    for (const [bundle, entry] of [
      ['extension.js', 'client/src/extension.ts'],
      ['server.js', 'server/src/lsp/main.ts'],
      ['cli.js', 'server/src/cli/main.ts'],
    ]) {
      const code = fs.readFileSync(path.join(ROOT, 'dist', bundle), 'utf8');
      const lines = code.split('\n');
      // Minified: no per-module path comments, long lines (unminified esbuild output averages
      // under 50 characters a line; template strings and legal comments keep some newlines).
      assert.doesNotMatch(code, /^\/\/ (server|client)\/src\//m, bundle);
      assert.ok(code.length / lines.length > 300, `${bundle}: ${lines.length} lines for ${code.length} characters`);
      assert.equal(lines.filter(Boolean).pop(), `//# sourceMappingURL=${bundle}.map`);
      const map = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', `${bundle}.map`), 'utf8'));
      assert.ok(
        map.sources.some((s: string) => s.endsWith(entry)),
        `${bundle}.map names ${entry}`,
      );
    }
  });

  it('has no second HTTP stack: undici is neither a dependency nor in the bundles', () => {
    assert.equal(manifest.dependencies.undici, undefined);
    for (const bundle of ['server.js', 'cli.js']) {
      const map = JSON.parse(fs.readFileSync(path.join(ROOT, 'dist', `${bundle}.map`), 'utf8'));
      assert.deepEqual(
        map.sources.filter((s: string) => s.includes('node_modules/undici/')),
        [],
        bundle,
      );
    }
  });

  it('bundles its dependencies: the client needs only vscode, the server nothing', () => {
    const client = fs.readFileSync(path.join(ROOT, 'dist/extension.js'), 'utf8');
    const server = fs.readFileSync(path.join(ROOT, 'dist/server.js'), 'utf8');
    const requires = (code: string) => [...code.matchAll(/require\("([^"./][^"]*)"\)/g)].map((m) => m[1]).filter((m) => !m.startsWith('node:'));
    const builtin = new Set(builtinModules);
    assert.deepEqual([...new Set(requires(client).filter((m) => !builtin.has(m)))], ['vscode']);
    assert.deepEqual(
      requires(server).filter((m) => !builtin.has(m)),
      [],
    );
  });

  it('the bundled server runs from a folder without node_modules', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'biomed-server-'));
    fs.copyFileSync(path.join(ROOT, 'dist/server.js'), path.join(dir, 'server.js'));
    const server = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
    const client = await LspTestClient.start({ model: MEDTUNED_MODEL.name, ollama: { host: server.url }, debounceMs: 0 }, path.join(dir, 'server.js'));
    try {
      const note = fixtureNote('progress-diabetes-ckd');
      await client.open('file:///standalone.note', note.text);
      for (let i = 0; i < 400; i++) {
        const s = client.lastStatus();
        if (s?.state === 'ready' && s.done === s.total) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      assert.deepEqual(spans(await client.tokens('file:///standalone.note')), note.gold);
    } finally {
      await client.stop();
      await server.stop();
    }
  });
});
