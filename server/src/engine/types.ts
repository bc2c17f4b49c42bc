/** Shared vocabulary of the engine. Nothing here knows about LSP or VS Code. */

/** Entity types in the order of the semantic-token legend (a public contract). */
export const ENTITY_TYPES = ['problem', 'treatment', 'test', 'disease', 'chemical', 'gene'] as const;
export type EntityType = (typeof ENTITY_TYPES)[number];

/** Clinical (i2b2) types; the literature types are the others. */
export const CLINICAL_TYPES: readonly EntityType[] = ['problem', 'treatment', 'test'];
export const LITERATURE_TYPES: readonly EntityType[] = ['disease', 'chemical', 'gene'];

export function isEntityType(s: string): s is EntityType {
  return (ENTITY_TYPES as readonly string[]).includes(s);
}

/** A mention located in text. Offsets are UTF-16 code units, end exclusive. */
export interface Mention {
  start: number;
  end: number;
  type: EntityType;
  text: string;
  negated?: boolean;
  uncertain?: boolean;
  /** Takes part in a relation with another entity of its sentence. */
  related?: boolean;
}

/** The MedNLI labels: the statement follows from, contradicts, or is not decided by the premise. */
export type NliLabel = 'entailment' | 'contradiction' | 'neutral';

export type ProfileName = 'medtuned' | 'json';
export type ProfileSetting = ProfileName | 'auto';

/** What a profile asks a backend to do; backends decide how to send it. */
export type ModelRequest =
  | { kind: 'generate'; prompt: string; raw: true; stop: string[]; numPredict: number }
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
  | 'unreachable' // connection refused, DNS failure, reset before an answer
  | 'model-missing' // 404 from the server
  | 'server-error' // other HTTP error, or an error line inside the stream
  | 'bad-response' // not the protocol: garbage bytes, a stream cut before done
  | 'timeout' // biomedNlp.requestTimeoutMs elapsed
  | 'cancelled' // our own abort: the work became stale
  | 'remote-refused'; // a non-loopback host without the user's opt-in

export class ModelError extends Error {
  constructor(
    readonly kind: ModelErrorKind,
    message: string,
    readonly status?: number,
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
