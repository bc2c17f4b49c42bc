/** Shared vocabulary of the engine. Nothing here knows about LSP or VS Code. */

/** Entity types in the order of the semantic-token legend (a public contract). */
export const ENTITY_TYPES = ['problem', 'treatment', 'test', 'disease', 'chemical', 'gene'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Clinical (i2b2) types; the literature types are the others. */
export const CLINICAL_TYPES: readonly EntityType[] = ['problem', 'treatment', 'test'];
export const LITERATURE_TYPES: readonly EntityType[] = ['disease', 'chemical', 'gene'];

/**
 * Where Ollama is installed from, named by the CLI, the server's messages and the client's
 * button alike (here, in the leaf the protocol may take values from, so all three read one).
 */
export const OLLAMA_DOWNLOAD_URL = 'https://ollama.com/download';

/**
 * The entity types a vocabulary serves by default, by what it is (linking/domain.ts; here, in
 * the leaf the protocol may take values from, so the client ticks them in *Add a Vocabulary…*):
 * by its build format, and for an ontology by its IDs' prefix. `all`: every type, the user's choice.
 */
export const VOCABULARY_DOMAINS: {
  formats: Readonly<Record<string, readonly EntityType[]>>;
  ontologies: Readonly<Record<string, readonly EntityType[]>>;
  every: 'all';
} = {
  formats: { medic: ['problem', 'disease'], 'ctd-chemicals': ['treatment', 'chemical'] },
  ontologies: {
    DOID: ['problem', 'disease'],
    MONDO: ['problem', 'disease'],
    HP: ['problem', 'disease'],
    ORPHA: ['problem', 'disease'],
    ORDO: ['problem', 'disease'],
    CHEBI: ['treatment', 'chemical'],
  },
  every: 'all',
};

export function isEntityType(s: string): s is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(s);
}

/**
 * The assertion statuses (ConText, tasks/assertion) an entity may carry, each set only where
 * it holds: a mention's, and a corpus document's entity's (formats/document.ts).
 */
export interface AssertionFlags {
  /** The text says it is absent ("denies chest pain"). */
  negated?: boolean;
  /** Hedged: suspected, to be ruled out ("concerning for malignancy"). */
  possible?: boolean;
  /** Alias of `possible` kept for one release (older data and readers); set together with it. */
  uncertain?: boolean;
  /** In the past ("history of", "status post", a Past Medical History section). */
  historical?: boolean;
  /** May happen: instructions and conditions ("return if chest pain"). */
  hypothetical?: boolean;
  /** Experienced by someone other than the patient ("mother had breast cancer", a Family History section). */
  family?: boolean;
}

/** A mention located in text. Offsets are UTF-16 code units, end exclusive. */
export interface Mention extends AssertionFlags {
  start: number;
  end: number;
  type: EntityType;
  text: string;
  /** What set the statuses above, for hovers and exports. */
  assertion?: AssertionDetail;
  /** json profile with biomedNlp.assertion.source rules+model: the statuses the model gave in its entity answer. */
  modelStatuses?: AssertionStatus[];
  /** Takes part in a relation with another entity of its sentence. */
  related?: boolean;
}

/** The ConText statuses, in the order of the token modifiers and exports. */
export const ASSERTION_STATUSES = ['negated', 'possible', 'historical', 'hypothetical', 'family'] as const;
export type AssertionStatus = (typeof ASSERTION_STATUSES)[number];
/** A mention's status across notes (the note index, the Concepts view, biomed find): "affirmed" is none of the assertion statuses. */
export const INDEX_STATUSES = ['affirmed', ...ASSERTION_STATUSES] as const;
export type IndexStatus = (typeof INDEX_STATUSES)[number];

/** Why a status was set: a trigger as written in the sentence, or the section the sentence is in. */
export interface AssertionCue {
  by: 'trigger' | 'section';
  /** The trigger text as written ("Denies"), or the section's name ("Family History"). */
  text: string;
}

export interface AssertionDetail {
  /** The cue behind each status that is set. */
  triggers: Partial<Record<AssertionStatus, AssertionCue>>;
  /** 'model' when the model's answer (rules+model) overruled a status the rules marked; else 'rules'. */
  source: 'rules' | 'model';
  /** rules+model: the model was asked and confirmed every status the rules marked. */
  confirmed?: boolean;
  /** rules+model: statuses the rules marked that the model did not confirm (so not set), with their cues. */
  overruled?: Partial<Record<AssertionStatus, AssertionCue>>;
}

/** The MedNLI labels: the statement follows from, contradicts, or is not decided by the premise. */
export type NliLabel = 'entailment' | 'contradiction' | 'neutral';

export type ProfileName = 'medtuned' | 'json';
export type ProfileSetting = ProfileName | 'auto';

/**
 * The shape of an answer of which only some words are unknown, so that an engine that controls
 * decoding may feed the known parts and sample only the rest (the embedded engine's
 * jump-forward decoding); other engines ignore it. `tagging`: the answer is
 * `before + tokens[0] + separator + TAG + between + tokens[1] + separator + TAG … + after`,
 * each TAG one of `tags` (the medtuned NER layout: ` tok : TAG\n… \n`).
 */
export interface TaggingAnswer {
  kind: 'tagging';
  tokens: readonly string[];
  tags: readonly string[];
  before: string;
  separator: string;
  between: string;
  after: string;
}

/** What a profile asks a backend to do; backends decide how to send it. */
export type ModelRequest =
  | { kind: 'generate'; prompt: string; raw: true; stop: string[]; numPredict: number; expected?: TaggingAnswer }
  | {
      kind: 'chat';
      messages: { role: 'system' | 'user' | 'assistant'; content: string }[];
      format: object;
      numPredict: number;
    };

export interface ModelAnswer {
  text: string;
  /** 'stop' or 'length' (cut by numPredict: the answer may be truncated). */
  doneReason: string;
  promptTokens: number;
  evalTokens: number;
  /** Generation time reported by the server, in milliseconds. */
  evalMs: number;
}

export type ModelErrorKind =
  | 'unreachable' // connection refused, DNS failure: nobody answers there
  | 'connection-reset' // the connection dropped before an answer (reset, socket hang up): transient
  | 'stream-cut' // the server answered, then closed the connection in the middle of the answer: transient
  | 'model-missing' // 404 from the server
  | 'server-error' // other HTTP error, or an error line inside the stream
  | 'bad-response' // not the protocol: garbage bytes, a stream that ended cleanly before done
  | 'timeout' // biomedNlp.requestTimeoutMs elapsed
  | 'cancelled' // our own abort: the work became stale
  | 'remote-refused' // a non-loopback host without the user's opt-in
  | 'not-recorded'; // recorded answers (engine recorded) hold none for this question: final, the server is fine

export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
    /** The server's Retry-After (429, 503), in milliseconds, already capped (models/retryAfter.ts). */
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ModelError';
  }
}

/** The one interface a model backend implements. */
export interface ModelBackend {
  readonly description: string;
  generate(request: ModelRequest, signal: AbortSignal): Promise<ModelAnswer>;
}
