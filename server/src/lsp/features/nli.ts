/**
 * NLI findings as diagnostics of the note's current version (never of a stale one), the
 * findings the user chose to ignore, how a statement was checked (biomedNlp/nliCheck; with
 * verbose tracing also in the log), and the log line naming sentences that read as
 * instructions to the model.
 */
import { describeInjections, DocumentAnalysis, injectionSuspects } from '../../engine';
import { IgnoredFindings, IgnoredFindingsNotification, NliCheckRequest } from '../../protocol/protocol';
import { ServerContext } from '../context';
import { nliDiagnostics } from '../diagnostics';
import { explainFinding, traceFinding } from '../nliExplain';
import { sendNotification } from '../requests';

export interface NliFeature {
  /** Publishes the findings of the note's current version, if anything they show changed. */
  publish(uri: string): void;
  /** The user ignores the finding of `sentence` in `uri` (the client keeps the list). */
  ignore(uri: string, sentence: string): void;
}

export function registerNli(ctx: ServerContext): NliFeature {
  const { connection, workspace } = ctx;
  /**
   * Findings the user chose to ignore: uri -> sentence texts. The client sends them at
   * initialize and keeps them across sessions, so they outlive a note's closing.
   */
  const ignored = new Map<string, Set<string>>();

  function publish(uri: string): void {
    const session = ctx.sessions.get(uri);
    const current = session?.current();
    if (!session || !current) return;
    const { doc, analysis } = current;
    // Most answers are entities or relations: nothing a diagnostic shows changed.
    const state = `${analysis.version}:${analysis.findingsVersion}:${ignored.get(uri)?.size ?? 0}:${ctx.settingsGeneration}`;
    if (session.diagnosticsState === state) return;
    session.diagnosticsState = state;
    void ctx.settingsFor(uri).then((s) => {
      // Re-checked after the await: an edit may have made this version stale meanwhile.
      if (session.current()?.analysis !== analysis) return;
      const findings = s.engine.nli.enabled ? (analysis.nliFindings() ?? []) : [];
      const diagnostics = nliDiagnostics(doc, findings, s.severity, ignored.get(uri) ?? new Set());
      const key = JSON.stringify([analysis.version, diagnostics]);
      if (session.diagnosticsSent === key) return;
      session.diagnosticsSent = key;
      void connection.sendDiagnostics({ uri, version: analysis.version, diagnostics });
      // Why each premise was chosen quotes note text: in the log only at trace level verbose.
      if (s.trace === 'verbose') for (const f of findings) if (f.state === 'done') connection.console.log(`[nli] ${uri}: ${traceFinding(doc, f)}`);
    });
  }

  function ignore(uri: string, sentence: string): void {
    ignored.set(uri, new Set([...(ignored.get(uri) ?? []), sentence]));
    const all: IgnoredFindings = { ignored: Object.fromEntries([...ignored].map(([u, t]) => [u, [...t]])) };
    sendNotification(connection, IgnoredFindingsNotification, all);
    publish(uri);
  }

  /** Sentences that read as instructions to the model: offsets and rules only, once per change of them. */
  function logInjections(uri: string, analysis: DocumentAnalysis): void {
    const session = ctx.sessions.get(uri);
    if (!session) return;
    // The rule per sentence text is cached by the engine (NLI planning asks the same).
    const features = workspace.engine.ctx.features;
    const line = describeInjections(injectionSuspects(analysis.sentences, features && ((t, s) => features.injection(t, s))));
    if (session.injectionsLogged === (line ?? '')) return;
    session.injectionsLogged = line ?? '';
    if (line) connection.console.info(`[nli] ${uri}: ${line}`);
  }

  // "Show how this was checked": the statement of the note's current version with that text.
  ctx.runner.noteRequest(NliCheckRequest, null, async (session, params) => {
    const verbose = (await ctx.settingsFor(session.uri)).trace === 'verbose';
    const current = session.current();
    const finding = current?.analysis.nliFindings()?.find((f) => f.hypothesis.text === params.sentence);
    return current && finding ? { text: explainFinding(current.doc, finding, verbose) } : null;
  });

  ctx.initializing.event(({ ignored: fromClient }) => {
    for (const [uri, texts] of Object.entries(fromClient ?? {})) ignored.set(uri, new Set(texts));
  });
  ctx.results.event(({ uri }) => publish(uri));
  // After the debounce, not per keystroke: the rules read every sentence.
  ctx.workStarted.event(({ uri, analysis }) => logInjections(uri, analysis));
  // A closed note's diagnostics go with it.
  ctx.documents.onDidClose((e) => void connection.sendDiagnostics({ uri: e.document.uri, diagnostics: [] }));
  return { publish, ignore };
}
