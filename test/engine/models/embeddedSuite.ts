/**
 * What the embedded engine's tests share: a tiny llama GGUF written once per suite and a
 * runtime for it (`useTinyModel()` registers the hooks; `modelFile` and `runtime` are live
 * bindings set before the tests run), settings and backends over them, and helpers.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { AnalysisConfig, DocumentAnalysis } from '../../../server/src/engine/pipeline/analysis';
import { MemoryCache } from '../../../server/src/engine/pipeline/cache';
import { EngineContext, newStats } from '../../../server/src/engine/pipeline/modelCall';
import { EmbeddedBackend, EmbeddedSettings } from '../../../server/src/engine/models/embedded/backend';
import { EmbeddedRuntime } from '../../../server/src/engine/models/embedded/runtime';
import { JsonProfile } from '../../../server/src/engine/profiles/json';
import { Profile } from '../../../server/src/engine/profiles/profile';
import { Scheduler } from '../../../server/src/engine/pipeline/scheduler';
import { CLINICAL_TYPES, ModelError, ModelRequest } from '../../../server/src/engine/types';
import { writeTinyLlamaGguf } from '../../support/ggufWriter';

export const SENTENCE = 'The patient denies chest pain and was given aspirin for fever.';
export const NOTE = `${SENTENCE}\nHistory of fever, treated with aspirin.\n\nAssessment:\nNo chest pain today.\n`;

export function tmpDir(prefix = 'biomed-embedded-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

/** A small JSON-schema check, for the subset the profiles use: object, array, string, enum, required. */
export function validate(value: unknown, schema: Record<string, unknown>, at = '$'): string[] {
  const errors: string[] = [];
  if (schema.enum && !(schema.enum as unknown[]).includes(value)) errors.push(`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`);
  switch (schema.type) {
    case 'object': {
      if (typeof value !== 'object' || value === null || Array.isArray(value)) return [`${at}: not an object`];
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      for (const key of (schema.required ?? []) as string[]) if (!(key in value)) errors.push(`${at}: "${key}" is missing`);
      for (const [key, v] of Object.entries(value)) {
        if (props[key]) errors.push(...validate(v, props[key], `${at}.${key}`));
        else if (schema.additionalProperties === false) errors.push(`${at}: unexpected "${key}"`);
      }
      break;
    }
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      value.forEach((v, i) => errors.push(...validate(v, schema.items as Record<string, unknown>, `${at}[${i}]`)));
      break;
    case 'string':
      if (typeof value !== 'string') errors.push(`${at}: not a string`);
      break;
  }
  return errors;
}

export function context(backend: EngineContext['backend']): EngineContext {
  return { backend, scheduler: new Scheduler(2), cache: new MemoryCache(1000), stats: newStats() };
}

export async function analyse(backend: EngineContext['backend'], model: string, profile: Profile, text: string): Promise<DocumentAnalysis> {
  const config: AnalysisConfig = {
    model,
    profile,
    entityTypes: CLINICAL_TYPES,
    relations: { enabled: true, maxPairsPerSentence: 4 },
    nli: { enabled: true, sections: ['assessment'], maxPremises: 2, budgetChars: 2000 },
  };
  const analysis = new DocumentAnalysis('file:///embedded.note', 1, text, config, context(backend));
  analysis.start();
  await analysis.whenComplete();
  return analysis;
}

export async function rejectsWith(promise: Promise<unknown>, kind: string, message?: RegExp): Promise<ModelError> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof ModelError, `a ModelError, not ${err}`);
    assert.equal(err.kind, kind, err.message);
    if (message) assert.match(err.message, message);
    return err;
  }
  assert.fail(`expected a ModelError of kind ${kind}`);
}

export const chatRequest = (sentence: string): ModelRequest => {
  const profile = new JsonProfile();
  const groups = profile.nerGroups(CLINICAL_TYPES);
  return profile.nerRequest(sentence, groups[0]);
};

export let dir: string;
export let modelFile: string;
export let runtime: EmbeddedRuntime;

/** Writes the tiny model and starts a runtime before the suite; disposes both after. */
export function useTinyModel(): void {
  before(() => {
    dir = tmpDir();
    modelFile = path.join(dir, 'tiny-llama.gguf');
    writeTinyLlamaGguf(modelFile, { seed: 2 });
    runtime = new EmbeddedRuntime();
  });
  after(async () => {
    await runtime.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  });
}

export const settings = (overrides: Partial<EmbeddedSettings> = {}): EmbeddedSettings => ({
  modelPath: modelFile,
  contextSize: 1024,
  requestTimeoutMs: 60_000,
  gpu: false,
  ...overrides,
});
export const backend = (overrides: Partial<EmbeddedSettings> = {}, on: EmbeddedRuntime = runtime) => new EmbeddedBackend(settings(overrides), on);
