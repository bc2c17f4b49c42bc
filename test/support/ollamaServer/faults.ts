/**
 * Scripts of faults for `server.script(...)` that stand for a flaky server: a fraction of
 * the requests fail, chosen at random but reproducibly. The choice depends on the seed,
 * the request's body and how many times that same body came before, not on arrival
 * order, so a run with many requests in flight fails the same requests every time.
 */
import { Behaviour } from './generation';
import { RecordedRequest } from './http';

/** FNV-1a over a string, then mixed with the seed: a number in [0, 1). */
function unitHash(text: string, seed: number): number {
  let h = 0x811c9dc5 ^ seed;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return (h >>> 0) / 2 ** 32;
}

/**
 * Fails `fraction` (0..1) of the requests on `paths` with `behaviour` (or the behaviour
 * it returns for the request), the others get the oracle's answer. `failed` counts what it failed.
 */
export function randomFaults(
  fraction: number,
  seed: number,
  behaviour: Behaviour | ((req: RecordedRequest) => Behaviour),
  paths?: readonly string[],
): ((req: RecordedRequest) => Behaviour | undefined) & { failed: number } {
  const seen = new Map<string, number>();
  const script = (req: RecordedRequest): Behaviour | undefined => {
    if (paths && !paths.includes(req.path)) return undefined;
    const body = JSON.stringify(req.body ?? '');
    const n = seen.get(body) ?? 0;
    seen.set(body, n + 1);
    if (unitHash(`${n}\u0000${body}`, seed) >= fraction) return undefined;
    script.failed++;
    return typeof behaviour === 'function' ? behaviour(req) : behaviour;
  };
  script.failed = 0;
  return script;
}
