/**
 * Jump-forward decoding of tagging answers in the embedded engine. A medtuned NER answer
 * repeats the input tokens, one ` tok : TAG` line each (ModelRequest.expected), so only the
 * tags are unknown. Plain generation spends one sequential decode step per answer token
 * (about 4-5 per word); here each known run (the newline, the next input token and ` :`) goes
 * into the model as one batch together with the tag tokens already chosen, and a step samples
 * only where a tag's tokens branch, restricted to the tokens that continue a valid tag. With
 * single-token tags (` B`, ` I`, ` O` in Llama-2's vocabulary) that is one step per input token;
 * a typed tag (` B` `-` `PRO`…) costs one more step to choose its class after ` B-`.
 *
 * Tokenization: the model must see the known text as it would be tokenized whole (as in
 * training, and as the plain path tokenizes its prompt). So every step tokenizes the whole
 * known text (prompt, the answer so far, the new run) the way LlamaCompletion does (BOS, then
 * the text without a leading dummy space), keeps the KV cache for the tokens that did not
 * change and evaluates only the rest; where a chosen tag's tokens are not what whole-text
 * tokenization gives in that context, the cache is cut back there and the canonical tokens are
 * evaluated. The tag's own tokens come from tokenizing `x : TAG` against `x :` once per model
 * and tag set; the separator's trailing space belongs to the tag (` B` is one token in Llama's
 * SPM vocabulary, as in most BPE ones), so the known run ends at ` :`. A tag set whose tokens do not split there,
 * or in which one tag's tokens begin another's, is not jump-forwarded (the caller generates).
 *
 * Choosing among the allowed tokens: greedy decoding (temperature 0, like the plain path)
 * with a logit bias that lifts only the allowed tokens by ALLOWED_BOOST, far above any logit gap
 * of a real model, so the best allowed token wins; should another win anyway, that position is
 * evaluated again for its full distribution and the best allowed token is taken.
 */
import { TaggingAnswer } from '../../types';
import type { NodeLlamaCpp } from './runtime';

// Types only: erased from the output, so nothing loads node-llama-cpp until it is used.
type LlamaModel = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaModel;
type LlamaContextSequence = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).LlamaContextSequence;
type Token = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).Token;
type TokenBias = import('node-llama-cpp', { with: { 'resolution-mode': 'import' } }).TokenBias;

/** Added to the allowed tokens' logits: a power of two, well above any real logit gap, small enough to keep ~1e-4 resolution. */
const ALLOWED_BOOST = 1024;

interface TagNode {
  /** Set where a tag's tokens end. */
  tag?: string;
  children: Map<Token, TagNode>;
  /** The bias that allows only the children (made on first use). */
  bias?: TokenBias;
}

interface TagTable {
  root: TagNode;
  /** The most tokens a tag takes. */
  maxTokens: number;
}

/** Tag tables per model (they are tied to its vocabulary) and tag set; null: not jump-forwardable. */
const tables = new WeakMap<LlamaModel, Map<string, TagTable | null>>();

export interface JumpForwardOptions {
  signal: AbortSignal;
  /** Answer tokens at most (numPredict): an answer that would need more stops after its last whole line ('length'). */
  maxAnswerTokens: number;
  /** Each sequential decode step (a model evaluation whose sampled token is needed to go on), as it happens. */
  onStep?: () => void;
  /** Each tag as it is chosen. */
  onTag?: (index: number, tag: string) => void;
}

export interface JumpForwardResult {
  /** Exactly the layout's answer: `before + tok + separator + TAG + between + … + after` ('length': without `after`). */
  text: string;
  doneReason: 'stop' | 'length';
  /** Prompt tokens evaluated (less the prefix kept in the KV cache from the request before). */
  promptTokens: number;
  /** Answer tokens, known and chosen. */
  answerTokens: number;
  /** Sequential decode steps. */
  steps: number;
  tags: string[];
}

/**
 * The answer of `prompt` in `hint`'s layout, decoded jump-forward on `sequence` (whose turn the
 * caller holds). Undefined where the tag set cannot be jump-forwarded on this model or the
 * prompt leaves no room: the caller then generates as usual. Throws the signal's reason when it
 * aborts (checked before every step).
 */
export async function jumpForward(
  nlc: NodeLlamaCpp,
  sequence: LlamaContextSequence,
  prompt: string,
  hint: TaggingAnswer,
  options: JumpForwardOptions,
): Promise<JumpForwardResult | undefined> {
  const model = sequence.model;
  if (hint.tokens.length === 0) return undefined;
  const table = tagTable(model, hint);
  if (!table) return undefined;
  const tokenize = completionTokenizer(model);
  const { head } = splitSeparator(hint.separator);
  const promptLength = tokenize(prompt).length;
  const room = Math.min(options.maxAnswerTokens, sequence.contextSize - promptLength);
  if (room < table.maxTokens + 1) return undefined;

  let answer = '';
  let doneReason: 'stop' | 'length' = 'stop';
  let steps = 0;
  let promptTokens = 0;
  let answerTokens = 0;
  const tags: string[] = [];
  const step = () => {
    steps++;
    options.onStep?.();
  };
  for (let i = 0; i < hint.tokens.length; i++) {
    throwIfAborted(options.signal);
    const line = (i === 0 ? hint.before : hint.between) + hint.tokens[i];
    const target = tokenize(prompt + answer + line + head);
    if (target.length - promptLength + table.maxTokens > room) {
      doneReason = 'length';
      break;
    }
    let batch = await align(sequence, target);
    if (i === 0) promptTokens = Math.max(0, promptLength - (target.length - batch.length));
    // The tag: tokens every remaining tag shares join the batch; each branch is one step.
    let node = table.root;
    let tagTokens = 0;
    while (node.tag === undefined) {
      tagTokens++;
      if (node.children.size === 1) {
        const [[token, next]] = node.children;
        batch.push(token);
        node = next;
        continue;
      }
      throwIfAborted(options.signal);
      const token = await choose(nlc, sequence, batch, node, step);
      batch = [token];
      node = node.children.get(token)!;
    }
    // The last tag tokens are evaluated with the next run (tokenized whole again, see above).
    answer += line + hint.separator + node.tag;
    answerTokens = target.length - promptLength + tagTokens;
    tags.push(node.tag);
    options.onTag?.(i, node.tag);
  }
  return { text: doneReason === 'stop' ? answer + hint.after : answer, doneReason, promptTokens, answerTokens, steps, tags };
}

/** Whether `hint`'s tags can be jump-forwarded on `model` (a test and the bench ask). */
export function canJumpForward(model: LlamaModel, hint: TaggingAnswer): boolean {
  return hint.tokens.length > 0 && tagTable(model, hint) !== null;
}

/** The separator's text before its trailing whitespace (known) and that whitespace (the tag's first token takes it). */
function splitSeparator(separator: string): { head: string; lead: string } {
  const head = separator.replace(/\s+$/u, '');
  return { head, lead: separator.slice(head.length) };
}

/** Tokens as LlamaCompletion makes them of a prompt: the beginning token, then the text without a dummy leading space. */
function completionTokenizer(model: LlamaModel): (text: string) => Token[] {
  // node-llama-cpp's resolveBeginningTokenToPrepend, which is not exported.
  const type = String(model.vocabularyType);
  const bos = type === 'rwkv' || type === 'ugm' ? null : type === 'wpm' ? model.tokens.bos : model.tokens.shouldPrependBosToken ? model.tokens.bos : null;
  return (text) => (bos == null ? model.tokenize(text, false) : [bos, ...model.tokenize(text, false, 'trimLeadingSpace')]);
}

function tagTable(model: LlamaModel, hint: TaggingAnswer): TagTable | null {
  let byTags = tables.get(model);
  if (!byTags) tables.set(model, (byTags = new Map()));
  const key = JSON.stringify([hint.separator, [...hint.tags].sort()]);
  let table = byTags.get(key);
  if (table === undefined) {
    table = buildTagTable(model, hint);
    byTags.set(key, table);
  }
  return table;
}

/** The trie of the tags' tokens after `x :`; null where they do not split there or are not prefix-free. */
function buildTagTable(model: LlamaModel, hint: TaggingAnswer): TagTable | null {
  const { head, lead } = splitSeparator(hint.separator);
  const context = `x${head}`;
  const base = model.tokenize(context, false, 'trimLeadingSpace');
  const root: TagNode = { children: new Map() };
  let maxTokens = 0;
  for (const tag of new Set(hint.tags)) {
    const all = model.tokenize(context + lead + tag, false, 'trimLeadingSpace');
    if (all.length <= base.length || base.some((t, i) => all[i] !== t)) return null;
    const path = all.slice(base.length);
    // A tag the vocabulary cannot spell (unknown characters) would not come back as itself.
    if (model.detokenize(path, false, base) !== lead + tag) return null;
    let node = root;
    for (const token of path) {
      if (node.tag !== undefined) return null;
      let next = node.children.get(token);
      if (!next) node.children.set(token, (next = { children: new Map() }));
      node = next;
    }
    if (node.tag !== undefined || node.children.size > 0) return null;
    node.tag = tag;
    maxTokens = Math.max(maxTokens, path.length);
  }
  return root.children.size > 0 ? { root, maxTokens } : null;
}

/**
 * Cuts the sequence's KV cache back to where it stops matching `target` and returns the
 * tokens to evaluate: at least the last one, whose logits are needed next.
 */
async function align(sequence: LlamaContextSequence, target: Token[]): Promise<Token[]> {
  const keep = Math.min(sequence.compareContextTokens(target).firstDifferentIndex, target.length - 1);
  if (keep < sequence.nextTokenIndex) await sequence.eraseContextTokenRanges([{ start: keep, end: sequence.nextTokenIndex }]);
  return target.slice(keep);
}

/** Evaluates `batch` and returns the best of `node`'s child tokens to follow it (greedy, restricted). */
async function choose(nlc: NodeLlamaCpp, sequence: LlamaContextSequence, batch: Token[], node: TagNode, step: () => void): Promise<Token> {
  const allowed = node.children;
  node.bias ??= new nlc.TokenBias(sequence.model.tokenizer).set([...allowed.keys()], { logit: ALLOWED_BOOST });
  const last = batch.length - 1;
  const out = await sequence.controlledEvaluate(
    batch.map((t, i) => (i === last ? [t, { generateNext: { token: true, options: { temperature: 0, tokenBias: node.bias } } }] : t)),
  );
  step();
  const token = out[last]?.next.token;
  if (token != null && allowed.has(token)) return token;
  // Another token beat the boost: evaluate that position again for its whole distribution.
  await sequence.eraseContextTokenRanges([{ start: sequence.nextTokenIndex - 1, end: sequence.nextTokenIndex }]);
  const again = await sequence.controlledEvaluate([[batch[last], { generateNext: { probabilities: true } }]]);
  step();
  const probabilities = again[0]?.next.probabilities;
  let best: Token | undefined;
  let bestP = -1;
  for (const t of allowed.keys()) {
    const p = probabilities?.get(t) ?? 0;
    if (p > bestP) [best, bestP] = [t, p];
  }
  return best!;
}

function throwIfAborted(signal: AbortSignal): void {
  if (signal.aborted) throw signal.reason ?? new Error('aborted');
}
