/**
 * The models the test server has: what /api/tags lists, what /api/pull can fetch, and
 * which are loaded (/api/ps) until their keep_alive runs out.
 */
import * as crypto from 'crypto';

/** A model the server has or can pull; unset fields take Ollama-like defaults. */
export interface ModelInfo {
  name: string;
  size?: number;
  family?: string;
  parameterSize?: string;
  quantization?: string;
  contextLength?: number;
}

export const MEDTUNED_MODEL: ModelInfo = {
  name: 'hf.co/mradermacher/Llama2-MedTuned-7b-GGUF:Q4_K_M',
  size: 4081004224,
  family: 'llama',
  parameterSize: '6.7B',
  quantization: 'Q4_K_M',
  contextLength: 4096,
};
export const LLAMA31_MODEL: ModelInfo = {
  name: 'llama3.1:8b',
  size: 4920753328,
  family: 'llama',
  parameterSize: '8.0B',
  quantization: 'Q4_K_M',
  contextLength: 131072,
};
export const DEFAULT_MODELS: ModelInfo[] = [MEDTUNED_MODEL, LLAMA31_MODEL];

/** A model /api/ps lists. */
interface LoadedModel {
  model: ModelInfo;
  /** ms since epoch; Infinity for keep_alive < 0. */
  expiresAt: number;
  contextLength: number;
}

/** The key Ollama finds a model by: lower case, NAME:latest for a name without a tag. */
export function modelKey(name: string): string {
  const n = name.trim().toLowerCase();
  // Ollama reads a name without a tag as NAME:latest.
  return n.split('/').pop()!.includes(':') ? n : `${n}:latest`;
}

/** Hex digest, for the models' made-up blob digests. */
export function sha256(text: string): string {
  return crypto.createHash('sha256').update(text).digest('hex');
}

/** `6.7B` → 6700000000 (general.parameter_count of /api/show). */
export function parameterCount(size: string | undefined): number {
  const m = /^([\d.]+)\s*([KMB]?)/i.exec(size ?? '');
  if (!m) return 0;
  const scale: Record<string, number> = { '': 1, K: 1e3, M: 1e6, B: 1e9 };
  return Math.round(parseFloat(m[1]) * scale[m[2].toUpperCase()]);
}

/** keep_alive: seconds as a number, or a Go duration string; negative = forever. Default 5m. */
export function keepAliveMs(v: unknown): number {
  if (typeof v === 'number') return v < 0 ? Infinity : v * 1000;
  if (typeof v === 'string' && v.trim() !== '') {
    const s = v.trim();
    if (/^-?\d+(\.\d+)?$/.test(s)) return keepAliveMs(Number(s));
    const unit: Record<string, number> = { ns: 1e-6, us: 1e-3, µs: 1e-3, ms: 1, s: 1000, m: 60000, h: 3600000 };
    let ms = 0;
    const neg = s.startsWith('-');
    for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) ms += parseFloat(m[1]) * unit[m[2]];
    return neg ? Infinity : ms;
  }
  return 5 * 60000;
}

export class ModelRegistry {
  /** Served by /api/tags, in order. */
  readonly models: ModelInfo[];
  /** Models /api/pull can fetch (then they appear in tags). */
  readonly pullable: ModelInfo[];
  private readonly modified = new Map<string, string>();
  private readonly loaded = new Map<string, LoadedModel>();

  constructor(models: ModelInfo[], pullable: ModelInfo[]) {
    this.models = [...models];
    for (const m of this.models) this.modified.set(modelKey(m.name), new Date().toISOString());
    this.pullable = [...pullable];
  }

  /** The installed model of that name (NAME means NAME:latest), if any. */
  find(name: unknown): ModelInfo | undefined {
    if (typeof name !== 'string' || name.trim() === '') return undefined;
    return this.models.find((m) => modelKey(m.name) === modelKey(name));
  }

  /** A model /api/pull can fetch. */
  findPullable(name: string): ModelInfo | undefined {
    return this.pullable.find((p) => modelKey(p.name) === modelKey(name));
  }

  /** Installed (again, if it was): listed last, modified now. */
  add(m: ModelInfo): void {
    this.remove(m.name);
    this.models.push(m);
    this.modified.set(modelKey(m.name), new Date().toISOString());
  }

  /** Uninstalled and unloaded. */
  remove(name: string): void {
    const i = this.models.findIndex((m) => modelKey(m.name) === modelKey(name));
    if (i >= 0) this.models.splice(i, 1);
    this.loaded.delete(modelKey(name));
  }

  /** When the model was installed (ISO time), as /api/tags and /api/show report it. */
  modifiedAt(name: string): string | undefined {
    return this.modified.get(modelKey(name));
  }

  isLoaded(key: string): boolean {
    return this.loaded.has(key);
  }

  /** Loaded for keepMs from now (Infinity: until unloaded), with the context it was loaded with. */
  load(key: string, model: ModelInfo, keepMs: number, contextLength: number): void {
    this.loaded.set(key, { model, expiresAt: Date.now() + keepMs, contextLength });
  }

  unload(key: string): void {
    this.loaded.delete(key);
  }

  /** `details` of /api/tags and /api/show. */
  details(m: ModelInfo) {
    const family = m.family ?? 'llama';
    return {
      parent_model: '',
      format: 'gguf',
      family,
      families: [family],
      parameter_size: m.parameterSize ?? '7B',
      quantization_level: m.quantization ?? 'Q4_K_M',
    };
  }

  /** A model as /api/tags lists it. */
  tagEntry(m: ModelInfo) {
    return {
      name: m.name,
      model: m.name,
      modified_at: this.modifiedAt(m.name) ?? new Date().toISOString(),
      size: m.size ?? 4_000_000_000,
      digest: sha256(m.name),
      details: this.details(m),
    };
  }

  /** The loaded models as /api/ps lists them (those whose keep_alive ran out are unloaded first). */
  psEntries() {
    const now = Date.now();
    const out = [];
    for (const [key, l] of this.loaded) {
      if (l.expiresAt <= now) {
        this.loaded.delete(key);
        continue;
      }
      const size = l.model.size ?? 4_000_000_000;
      out.push({
        ...this.tagEntry(l.model),
        size,
        // Far future for "forever", as Ollama reports it.
        expires_at: new Date(Number.isFinite(l.expiresAt) ? l.expiresAt : Date.UTC(2318, 0, 1)).toISOString(),
        size_vram: size,
        context_length: l.contextLength,
      });
    }
    return out;
  }
}
