/**
 * The status item's menu: every command of the extension, the walkthrough and the legend.
 * No `vscode` import: test/package/manifest.test.ts checks it against package.json.
 */

export const WALKTHROUGH_ID = 'biomed-nlp.biomed-nlp#biomedNlp.gettingStarted';

export interface MenuEntry {
  label: string;
  command: string;
  args?: unknown[];
  /** Needs an analysed note in the active editor. */
  note?: boolean;
}

export const MENU: readonly MenuEntry[] = [
  { label: '$(list-tree) Show the Note Panel', command: 'biomedNlp.showPanel' },
  { label: '$(symbol-color) Show the Colour Legend', command: 'biomedNlp.showLegend' },
  { label: '$(refresh) Analyse Document Again (ignore cache)', command: 'biomedNlp.analyzeDocument', note: true },
  { label: '$(question) Check a Statement Against the Note…', command: 'biomedNlp.checkStatement', note: true },
  { label: '$(selection) Check the Selection Against the Rest of the Note', command: 'biomedNlp.checkSelectionAgainstNote', note: true },
  { label: '$(export) Export Annotations…', command: 'biomedNlp.exportAnnotations', note: true },
  { label: '$(list-selection) Select Model…', command: 'biomedNlp.selectModel' },
  { label: '$(cloud-download) Pull Model…', command: 'biomedNlp.pullModel' },
  { label: '$(server-process) Use the Embedded Engine (no Ollama)…', command: 'biomedNlp.downloadEmbeddedModel' },
  { label: '$(file-binary) Choose the GGUF Model File for the Embedded Engine…', command: 'biomedNlp.chooseEmbeddedModelFile' },
  { label: '$(key) Set API Key for the OpenAI-Compatible Server…', command: 'biomedNlp.setOpenAiApiKey' },
  { label: '$(book) Open a Sample Note', command: 'biomedNlp.openExample' },
  { label: '$(mortar-board) Get Started with Biomed NLP (walkthrough)', command: 'workbench.action.openWalkthrough', args: [WALKTHROUGH_ID, false] },
  { label: '$(output) Show Log', command: 'biomedNlp.showLog' },
  { label: '$(gear) Settings', command: 'workbench.action.openSettings', args: ['biomedNlp'] },
];

/** Commands that need not be in the menu: the menu itself, and the panel's own item actions. */
export const NOT_IN_MENU: readonly string[] = ['biomedNlp.showMenu'];
