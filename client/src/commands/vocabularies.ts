/**
 * biomedNlp.addVocabulary, "Add a Vocabulary…": a vocabulary file the user picks, its format
 * and the entity types it serves; the server builds the `.vocab` (beside the source, or in
 * the extension's storage when that folder cannot be written) with window progress, and
 * the client adds `{ path, types }` to biomedNlp.linking.vocabularies: the workspace's
 * settings when a folder is open, else the user's. Off in Restricted Mode (it reads a local
 * file): the manifest's enablement, and said here too when it is run anyway.
 */
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';
import { AddVocabularyRequest, ENTITY_TYPES, VOCABULARY_DOMAINS } from '../../../server/src/protocol/protocol';
import type { AddVocabularyParams } from '../../../server/src/protocol/protocol';

type VocabFormat = AddVocabularyParams['format'];
import { sendRequest } from '../requests';
import { vocabularyAddedMessage } from '../vocabularyMessage';

/** The formats the server reads (the engine's VOCAB_FORMATS: the type makes this list whole), with what each is. */
const VOCAB_FORMAT_CHOICES: Record<VocabFormat, string> = {
  medic: "CTD's MEDIC diseases (CTD_diseases.tsv, or ID|ALT||name|synonym|…)",
  'ctd-chemicals': "CTD's chemicals (CTD_chemicals.tsv)",
  'mesh-xml': 'MeSH descriptors or supplementary concepts (desc20XX.xml, supp20XX.xml)',
  obo: 'An OBO ontology: HPO, MONDO, DOID',
  umls: 'UMLS MRCONSO.RRF (MRSTY.RRF beside it adds semantic types)',
  tsv: 'Your own list: id<TAB>name[<TAB>type], one name a row',
};

/** What a script (or a test) may give instead of the dialogs. */
export interface AddVocabularyArgs {
  source: string;
  format: VocabFormat;
  types: string[];
  label?: string;
}

interface VocabularyEntry {
  path: string;
  types?: string[];
}

export async function addVocabulary(client: LanguageClient, context: vscode.ExtensionContext, args?: AddVocabularyArgs): Promise<string | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(
      'Biomed NLP: adding a vocabulary reads a local file, which Restricted Mode does not allow. Trust this workspace first.',
    );
    return undefined;
  }
  const chosen = args ?? (await ask());
  if (!chosen) return undefined;
  const result = await sendRequest(client, AddVocabularyRequest, {
    source: chosen.source,
    format: chosen.format,
    label: chosen.label,
    fallbackDir: context.globalStorageUri.fsPath,
  });
  if (result.error || !result.path) {
    void vscode.window.showErrorMessage(`Biomed NLP: the vocabulary was not built: ${result.error ?? 'no file was written'}`);
    return undefined;
  }
  const config = vscode.workspace.getConfiguration('biomedNlp');
  const target = vscode.workspace.workspaceFolders?.length ? vscode.ConfigurationTarget.Workspace : vscode.ConfigurationTarget.Global;
  const inspected = config.inspect<VocabularyEntry[]>('linking.vocabularies');
  const current = (target === vscode.ConfigurationTarget.Workspace ? inspected?.workspaceValue : inspected?.globalValue) ?? [];
  // Built again from the same source: its entry is replaced, not repeated.
  const entries = [...current.filter((e) => e.path !== result.path), { path: result.path, types: chosen.types }];
  await config.update('linking.vocabularies', entries, target);
  const where = target === vscode.ConfigurationTarget.Workspace ? 'workspace' : 'user';
  const serves = chosen.types.includes(VOCABULARY_DOMAINS.every)
    ? 'every entity type'
    : chosen.types.length
      ? chosen.types.join(', ')
      : "its domain's entity types";
  const message = vocabularyAddedMessage({ label: result.label, concepts: result.concepts ?? 0, path: result.path, where, serves });
  client.outputChannel.appendLine(message.log);
  void vscode.window.showInformationMessage(message.text);
  return result.path;
}

/** The dialogs: the file, its format, the types it serves, the name shown beside its concepts. */
async function ask(): Promise<AddVocabularyArgs | undefined> {
  const files = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Build a Vocabulary',
    title: 'Biomed NLP: a vocabulary file (MEDIC, CTD chemicals, MeSH XML, OBO, UMLS MRCONSO.RRF, TSV)',
  });
  const file = files?.[0];
  if (!file) return undefined;
  const formats = Object.entries(VOCAB_FORMAT_CHOICES).map(([format, detail]) => ({ label: format, detail, format: format as AddVocabularyArgs['format'] }));
  const guess =
    /\.tsv$/i.test(file.fsPath) && !/ctd_/i.test(file.fsPath)
      ? 'tsv'
      : /\.obo$/i.test(file.fsPath)
        ? 'obo'
        : /\.xml$/i.test(file.fsPath)
          ? 'mesh-xml'
          : undefined;
  const format = await vscode.window.showQuickPick(
    formats.sort((a, b) => Number(b.format === guess) - Number(a.format === guess)),
    { title: 'Biomed NLP: the vocabulary file is in which format?' },
  );
  if (!format) return undefined;
  // Its domain's types are ticked (MEDIC: problem, disease); every type is a choice, with a warning.
  const ontology = /^[a-z]+/i.exec(file.path.split('/').pop() ?? '')?.[0].toUpperCase() ?? '';
  const domain: readonly string[] =
    VOCABULARY_DOMAINS.formats[format.format] ?? (format.format === 'obo' ? VOCABULARY_DOMAINS.ontologies[ontology] : undefined) ?? [];
  const types = await vscode.window.showQuickPick(
    [
      ...ENTITY_TYPES.map((t) => ({ label: t, picked: domain.includes(t) })),
      { label: VOCABULARY_DOMAINS.every, description: 'every type: drugs and tests may get concepts of another domain', picked: false },
    ],
    { title: "Biomed NLP: which entity types does it serve? (none ticked: its domain's)", canPickMany: true },
  );
  if (!types) return undefined;
  if (types.some((t) => t.label === VOCABULARY_DOMAINS.every))
    void vscode.window.showWarningMessage(
      `Biomed NLP: ${file.path.split('/').pop()} will link every entity type: drugs and tests may get concepts of another domain.`,
    );
  const name = file.path
    .split('/')
    .pop()!
    .replace(/\.[^.]*$/, '');
  const label = await vscode.window.showInputBox({ title: 'Biomed NLP: the name shown beside its concepts in hovers', value: name });
  if (label === undefined) return undefined;
  return { source: file.fsPath, format: format.format, types: types.map((t) => t.label), label: label.trim() || name };
}
