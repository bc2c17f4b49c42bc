/**
 * What a front end holds of one document's analysis: a read-only handle. Its results come
 * as plain data, built for each call (`entities()`, `links()`, `relations()`, `nliFindings()`,
 * `headers()`), so a front end can keep or change them without touching the engine (but for
 * `sentenceEntities()`, the views' own arrays, read-only, for readers that cache per sentence); its
 * lifecycle (starting work, priorities, giving it up) stays with whoever made it: the
 * Workspace for the language server, the command itself for a batch analysis.
 */
import type { AnalysisConfig } from './analysis';
import type { DocumentAnalysis } from './analysis/documentAnalysis';

/** One note version's analysis as the language server reads it (Workspace.current, its events). */
export type NoteAnalysis = Readonly<
  Pick<
    DocumentAnalysis,
    | 'uri'
    | 'version'
    | 'text'
    | 'sentences'
    | 'units'
    | 'findingsVersion'
    | 'total'
    | 'done'
    | 'failed'
    | 'pending'
    | 'isComplete'
    | 'isStarted'
    | 'isDisposed'
    | 'lastError'
    | 'failedOf'
    | 'answeredOf'
    | 'sentencesDone'
    | 'headers'
    | 'entities'
    | 'sentenceEntities'
    | 'sentencePhi'
    | 'knownPhi'
    | 'phiSoFar'
    | 'wholePhi'
    | 'links'
    | 'linksAround'
    | 'relations'
    | 'relationCount'
    | 'relationState'
    | 'nliFindings'
    | 'checkStatement'
    | 'whenComplete'
  > & {
    /** What the analysis was asked for, as far as a front end shows it. */
    config: Readonly<Pick<AnalysisConfig, 'entityTypes' | 'model'>> & {
      readonly profile: { readonly name: string; readonly promptVersion: string };
      readonly assertion?: { readonly termsError?: string };
    };
  }
>;

/** A document a command analyses once (Engine.analyse): the handle, and starting and waiting for its work. */
export type BatchAnalysis = NoteAnalysis & Pick<DocumentAnalysis, 'start' | 'dispose'>;
