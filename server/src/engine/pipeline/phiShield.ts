/**
 * PHI kept from a model host that is not on this machine (biomedNlp.deidentify.beforeRemote,
 * on by default; the command line always): each text a request carries has surrogates
 * (tasks/phi/deidentify.ts) in place of every span detectPhi finds, and the answer is read
 * against that text and its offsets moved back onto the original exactly (originalOffset: a
 * mention that covers part of a surrogate covers the whole original span). The cache keys
 * stay those of the original text, so an answer is the same whichever way it came.
 *
 * The surrogates' seed is drawn once per engine unless the configuration names one (tests):
 * with a known seed a name's surrogate could be matched against a list of names.
 */
import { randomInt } from 'node:crypto';
import { hostname, isLoopbackAddress, isLoopbackHost } from '../models/hostPolicy';
import type { Serving, ServingBackend } from '../models/backend';
import type { Profile } from '../profiles/profile';
import type { Mention, ModelAnswer, ModelRequest } from '../types';
import { deidentify, mapOffset, originalOffset, DeidEdit } from '../tasks/phi/deidentify';
import type { PhiSpan } from '../tasks/phi/types';
import { Result, specOf, Task } from './taskTable';

export interface PhiShield {
  /** Whether requests go out with surrogates now: on, and a model host of the configuration is not loopback. */
  active(): boolean;
  seed: number;
  /** The PHI of a text: the engine's feature cache (the spans the editor shows), not the rules run again. */
  spansOf?: (text: string) => readonly PhiSpan[];
}

/** What surrogates are drawn with: the seed, and where a text's PHI is found. */
type Drawing = Pick<PhiShield, 'seed' | 'spansOf'>;

/** The shield of a configuration: `backend()` is asked at each request (settings change the backend). */
export function phiShieldFor(
  settings: { beforeRemote: boolean; seed?: number } | undefined,
  backend: () => ServingBackend,
  allowRemoteHost = false,
  spansOf?: (text: string) => readonly PhiSpan[],
): PhiShield {
  const on = settings?.beforeRemote ?? true;
  return {
    seed: settings?.seed ?? randomInt(2 ** 31),
    spansOf,
    // Every member of an `auto` chain counts: which one answers is decided after the request is built.
    active: () => on && (backend().members?.() ?? [backend()]).some((m) => sendsOut(m.serving(), allowRemoteHost)),
  };
}

/** A model server over the network (Ollama, OpenAI-compatible) at a remote host; the embedded engine and recorded answers send nothing. */
function sendsOut(serving: Serving, allowRemoteHost: boolean): boolean {
  return (serving.engine === 'ollama' || serving.engine === 'openai') && isRemoteHost(serving.host, allowRemoteHost);
}

/**
 * A host that is named and is not loopback as written. A `localhost` name is local only
 * while remote hosts are refused: then hostPolicy checks its addresses before connecting;
 * with allowRemoteHost nothing checks them, and it may resolve anywhere.
 */
export function isRemoteHost(host: string | undefined, allowRemoteHost = false): boolean {
  if (!host) return false;
  if (!allowRemoteHost) return !isLoopbackHost(host);
  const name = hostname(host);
  return name === undefined || !isLoopbackAddress(name);
}

interface Surrogated {
  text: string;
  edits: readonly DeidEdit[];
}

function surrogates(text: string, by: Drawing): Surrogated {
  const d = deidentify(text, { style: 'surrogates', seed: by.seed, spans: by.spansOf?.(text) });
  return { text: d.text, edits: d.edits };
}

/** A span of the original text as a span of the surrogate text, with that text. */
function forward<T extends { start: number; end: number; text: string }>(s: Surrogated, span: T): T {
  const start = mapOffset(s.edits, span.start, 'start');
  const end = mapOffset(s.edits, span.end, 'end');
  return { ...span, start, end, text: s.text.slice(start, end) };
}

/** A corpus's tokens on the surrogate text: the tokens of one replaced span become its one replacement. */
function forwardTokens<T extends { start: number; end: number; text: string }>(s: Surrogated, tokens: readonly T[]): T[] {
  const out: T[] = [];
  for (const t of tokens) {
    const f = forward(s, t);
    const last = out[out.length - 1];
    if (last && last.start === f.start && last.end === f.end) continue;
    out.push(f);
  }
  return out;
}

/** A mention of the surrogate text as a mention of `original`. */
function back(s: Surrogated, original: string, m: Mention): Mention {
  const start = originalOffset(s.edits, m.start, 'start');
  const end = originalOffset(s.edits, m.end, 'end');
  return { ...m, start, end, text: original.slice(start, end) };
}

/** An example entity's text as the surrogate text of its sentence writes it. */
function exampleEntity(s: Surrogated, sentence: string, text: string, by: Drawing): string {
  const at = sentence.indexOf(text);
  return at < 0 ? surrogates(text, by).text : forward(s, { start: at, end: at + text.length, text }).text;
}

/** The request for `task` with surrogates in its texts, and the parse that reads its answer back onto the original. */
export function shieldedCall(task: Task, profile: Profile, by: Drawing): { request: ModelRequest; parse: (answer: ModelAnswer) => Result } {
  if (task.kind === 'ner') {
    const s = surrogates(task.text, by);
    const examples = task.examples?.map((ex) => {
      const e = surrogates(ex.text, by);
      return { text: e.text, entities: ex.entities.map((x) => ({ ...x, text: exampleEntity(e, ex.text, x.text, by) })) };
    });
    const asked = { ...task, text: s.text, tokens: task.tokens && forwardTokens(s, task.tokens), examples };
    const spec = specOf(asked);
    return {
      request: spec.request(profile, asked),
      parse: (answer) => {
        const parsed = spec.parse(profile, asked, answer);
        return { ...parsed, mentions: parsed.mentions.map((m) => back(s, task.text, m)) };
      },
    };
  }
  if (task.kind === 're') {
    const s = surrogates(task.text, by);
    const pairs = task.task.pairs.map((p) => ({
      ...p,
      head: forward(s, p.head),
      tail: forward(s, p.tail),
      ...(p.sentenceStarts ? { sentenceStarts: p.sentenceStarts.map((o) => mapOffset(s.edits, o, 'start')) } : {}),
    }));
    const asked = { ...task, text: s.text, task: { ...task.task, pairs } };
    const spec = specOf(asked);
    // Labels, one per pair in order: nothing to move back.
    return { request: spec.request(profile, asked), parse: (answer) => spec.parse(profile, asked, answer) };
  }
  const premise = surrogates(task.premise, by).text;
  const asked = { ...task, text: premise, premise, hypothesis: surrogates(task.hypothesis, by).text };
  const spec = specOf(asked);
  return { request: spec.request(profile, asked), parse: (answer) => spec.parse(profile, asked, answer) };
}

/** The request and parse for `task`: shielded when the shield is up. */
export function callFor(task: Task, profile: Profile, shield: PhiShield | undefined): { request: ModelRequest; parse: (answer: ModelAnswer) => Result } {
  if (shield?.active()) return shieldedCall(task, profile, shield);
  const spec = specOf(task);
  return { request: spec.request(profile, task), parse: (answer) => spec.parse(profile, task, answer) };
}

/** A request built elsewhere (a link choice, an evaluation's pair) with surrogates in each text it carries; its answer names no offsets. */
export function shieldedRequest(request: ModelRequest, shield: PhiShield | undefined): ModelRequest {
  if (!shield?.active()) return request;
  if (request.kind === 'generate') return { ...request, prompt: surrogates(request.prompt, shield).text };
  return { ...request, messages: request.messages.map((m) => ({ ...m, content: surrogates(m.content, shield).text })) };
}

/** Texts to embed, with surrogates when the shield is up (the vectors stay keyed by the original texts). */
export function shieldedTexts(texts: string[], shield: PhiShield | undefined): string[] {
  return shield?.active() ? texts.map((t) => surrogates(t, shield).text) : texts;
}
