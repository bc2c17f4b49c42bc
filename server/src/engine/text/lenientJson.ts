/**
 * Reading JSON as models write it: inside a reasoning block or a code fence, with single
 * quotes, trailing commas or comments, several values where one was asked for, or cut off
 * mid-list. The json profile reads every answer through these; nothing here knows what the
 * answer means.
 */
import { allMatches } from './matches';

/** A reasoning block (`<think>...</think>`) is not the answer; one cut by the budget leaves none. */
export function withoutReasoning(answer: string): string {
  const closed = answer.replace(/<(think|thinking|reasoning)>[\s\S]*?<\/\1>/gi, '');
  const open = closed.search(/<(?:think|thinking|reasoning)>/i);
  return open >= 0 ? closed.slice(0, open) : closed;
}

/**
 * Where the JSON value opening at `start` closes (strings skipped); undefined when it never
 * does. A single quote opens a (Python-style) string only where a value or key may start, so
 * an apostrophe in bracketed prose ("[the patient's]") is no string.
 */
export function closingIndex(text: string, start: number): number | undefined {
  const stack: string[] = [];
  let prev = '';
  for (let i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || (c === "'" && '{[,:'.includes(prev))) {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
      prev = c;
      continue;
    }
    if (!/\s/.test(c)) prev = c;
    if (c === '{' || c === '[') stack.push(c === '{' ? '}' : ']');
    else if (c === '}' || c === ']') {
      if (stack.pop() !== c) return undefined;
      if (stack.length === 0) return i;
    }
  }
  return undefined;
}

/** A bare key (JavaScript style, `{text: "x"}`) at the start of a text: its name and how far it reaches before the colon. */
const BARE_KEY = /^([A-Za-z_$][\w$]*)\s*:/;

/** JSON as models loosen it: single-quoted (Python-style) strings, bare keys and trailing commas made strict. */
export function strictJson(text: string): string {
  let out = '';
  // The last character written that is not white space: a bare key follows `{` or `,`.
  let last = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    const key = (last === '{' || last === ',') && /[A-Za-z_$]/.test(c) ? BARE_KEY.exec(text.slice(i, i + 64)) : null;
    if (key) {
      out += `"${key[1]}"`;
      i += key[1].length - 1;
      last = '"';
      continue;
    }
    if (c === '"' || c === "'") {
      let body = '';
      let j = i + 1;
      for (; j < text.length && text[j] !== c; j++) {
        if (text[j] === '\\' && j + 1 < text.length) {
          body += c === "'" && text[j + 1] === "'" ? "'" : text[j] + text[j + 1];
          j++;
        } else body += c === "'" && text[j] === '"' ? '\\"' : text[j];
      }
      out += `"${body}"`;
      i = j;
      last = '"';
    } else if (!(c === ',' && /^\s*[}\]]/.test(text.slice(i + 1)))) {
      out += c;
      if (!/\s/.test(c)) last = c;
    }
  }
  return out;
}

export function parseLoose(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    try {
      return JSON.parse(strictJson(text));
    } catch {
      return undefined;
    }
  }
}

/**
 * The first whole JSON value in an answer (fences and prose around it; reasoning already
 * taken out) that `pick` accepts; later values are prose (an example the model gives) and
 * are not read.
 */
export function firstJsonValue<T>(text: string, pick: (value: unknown) => T | undefined): T | undefined {
  let tries = 0;
  for (let start = text.search(/[[{]/); start >= 0 && tries < 32; tries++) {
    const end = closingIndex(text, start);
    // A value that never closes (an answer cut short) holds the rest of the answer: what
    // opens inside it (an entity's `statuses` list) is not the answer; the caller salvages.
    if (end === undefined) return undefined;
    const value = parseLoose(text.slice(start, end + 1));
    const picked = value === undefined ? undefined : pick(value);
    if (picked !== undefined) return picked;
    // JSON of another shape is passed over whole; brackets in prose are only stepped past.
    const from = value === undefined ? start + 1 : end + 1;
    const next = text.slice(from).search(/[[{]/);
    start = next >= 0 ? from + next : -1;
  }
  return undefined;
}

/** A list of answered objects (`{"entities": [...]}` or a bare array): empty, or holding objects, never `[2]` of prose. */
export function objectList(v: unknown, key: string): unknown[] | undefined {
  const l = Array.isArray(v) ? v : (v as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(l) && (l.length === 0 || l.some((e) => typeof e === 'object' && e !== null)) ? l : undefined;
}

/** Every complete flat `{...}` object of an answer cut short (or not JSON as a whole); reasoning already taken out. */
export function salvageObjects(text: string): unknown[] {
  const out: unknown[] = [];
  for (const m of allMatches(/\{[^{}]*\}/g, text)) {
    const value = parseLoose(m[0]);
    if (value !== undefined) out.push(value);
  }
  return out;
}

export function stringField(e: Record<string, unknown>, keys: readonly string[]): string | undefined {
  for (const k of keys) if (typeof e[k] === 'string') return e[k] as string;
  return undefined;
}
