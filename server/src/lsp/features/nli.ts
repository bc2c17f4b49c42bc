/**
 * NLI findings as diagnostics of the note's current version (never of a stale one), the
 * findings the user chose to ignore, how a statement was checked (biomedNlp/nliCheck; with
 * verbose tracing also in the log), and the log line naming sentences that read as
 * instructions to the model.
 */
import { NoteAnalysis } from '../../engine';
import { IgnoredFindings, IgnoredFindingsNotification, NliCheckRequest } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { nliDiagnostics } from '../diagnostics';
import { explainFinding, traceFinding } from '../nliExplain';

/**
 * Results come an answer at a time (a burst of cached ones after an edit): the diagnostics
 * are built and sent at most this often per note, not for each answer.
 */
const PUBLISH_EVERY_MS = 100;

export interface NliFeature {
  /** Publishes the findings of the note's current version, if anything they show changed; settles once sent. */
  publish(uri: string): Promise<void>;
  /** The user ignores the finding of `sentence` in `uri` (the client keeps the list); settles once the findings are published again. */
  ignore(uri: string, sentence: string): Promise<void>;
  /**
   * How the statement `sentence` of `uri`'s current version was checked (nliExplain.ts), or
   * undefined; retrieval's scores where the note's tracing is verbose.
   */
  explain(uri: string, sentence: string): Promise<string | undefined>;
}

export function registerNli(ctx: ServerContext): NliFeature {
  const { connection, workspace } = ctx;
  /**
   * Findings the user chose to ignore: uri -> sentence texts. The client sends them at
   * initialize and keeps them across sessions, so they outlive a note's closing.
   */
  const ignored = new Map<string, Set<string>>();

  async function publish(uri: string): Promise<void> {
    const session = ctx.sessions.get(uri);
    const current = session?.current();
    if (!session || !current) return;
    const { doc, analysis } = current;
    // Most answers are entities or relations: nothing a diagnostic shows changed.
    const state = `${analysis.version}:${analysis.findingsVersion}:${ignored.get(uri)?.size ?? 0}:${ctx.settingsGeneration}`;
    if (!session.diagnosticsNeeded(state)) return;
    return ctx.settingsFor(uri).then(async (s) => {
      // Re-checked after the await: an edit may have made this version stale meanwhile.
      if (session.current()?.analysis !== analysis) return;
      const findings = s.engine.nli.enabled ? (analysis.nliFindings() ?? []) : [];
      const diagnostics = nliDiagnostics(doc, findings, s.severity, ignored.get(uri) ?? new Set());
      await session.publishDiagnostics(analysis.version, diagnostics);
      // Why each premise was chosen quotes note text: in the log only at trace level verbose.
      if (s.trace === 'verbose') for (const f of findings) if (f.state === 'done') connection.console.log(`[nli] ${uri}: ${traceFinding(doc, f)}`);
    });
  }

  function ignore(uri: string, sentence: string): Promise<void> {
    ignored.set(uri, new Set([...(ignored.get(uri) ?? []), sentence]));
    const all: IgnoredFindings = { ignored: Object.fromEntries([...ignored].map(([u, t]) => [u, [...t]])) };
    ctx.notify(IgnoredFindingsNotification, all);
    return publish(uri);
  }

  async function explain(uri: string, sentence: string): Promise<string | undefined> {
    const verbose = (await ctx.settingsFor(uri)).trace === 'verbose';
    const current = ctx.sessions.get(uri)?.current();
    const finding = current?.analysis.nliFindings()?.find((f) => f.hypothesis.text === sentence);
    return current && finding ? explainFinding(current.doc, finding, verbose) : undefined;
  }

  /** Sentences that read as instructions to the model: offsets and rules only, once per change of them. */
  async function logInjections(uri: string, analysis: NoteAnalysis): Promise<void> {
    const session = ctx.sessions.get(uri);
    if (!session) return;
    // Read in slices between requests; a newer version's work start logs instead.
    const stale = () => ctx.shutDown || ctx.sessions.get(uri)?.current()?.analysis !== analysis;
    const line = await workspace.engine.injectionLine(analysis.sentences, stale);
    if (line === null || !session.injectionsChanged(line ?? '')) return;
    if (line) connection.console.info(`[nli] ${uri}: ${line}`);
  }

  // "Show how this was checked": the statement of the note's current version with that text.
  ctx.runner.noteRequest(NliCheckRequest, null, async (session, params) => {
    const text = await explain(session.uri, params.sentence);
    return text !== undefined ? { text } : null;
  });

  ctx.initializing.event(({ ignored: fromClient }) => {
    for (const [uri, texts] of Object.entries(fromClient ?? {})) ignored.set(uri, new Set(texts));
  });
  ctx.results.event(({ uri }) => {
    if (!ctx.shutDown) ctx.sessions.get(uri)?.scheduleDiagnostics(PUBLISH_EVERY_MS, () => void publish(uri));
  });
  // After the debounce, not per keystroke: the rules read every sentence.
  ctx.workStarted.event(({ uri, analysis }) => void logInjections(uri, analysis));
  // A closed note's diagnostics go with it.
  ctx.documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
  return { publish, ignore, explain };
}
