/**
 * The shape of the source's import graph, read with TypeScript's own pre-processor (every
 * `import`, `import type`, `export ... from` and `require` of server/src and client/src):
 * - no import cycle anywhere;
 * - inside the engine, a module imports only from its own layer or a lower one (the order is
 *   server/src/engine/README.md's);
 * - lsp/ and cli/ see the engine through its surface, engine/index.ts, and nothing else.
 * The compiler already keeps the big layers apart (layers.test.ts); these are the rules inside.
 */
import * as assert from 'node:assert/strict';
import { importGraph } from '../support/importGraph';

const SOURCES = ['server/src', 'client/src'];
const ENGINE = 'server/src/engine/';

/**
 * The engine's layers, lowest first: a module may import from its own layer and those below.
 * Keys are a folder of the engine, or a module at its root (without `.ts`).
 */
const ENGINE_LAYERS: string[][] = [
  ['types', 'errors', 'random', 'atomicWrite', 'noteFiles', 'testFault', 'heap', 'lru', 'foreground'],
  ['text'],
  ['retrieval'],
  ['tasks'],
  ['formats'],
  ['linking'],
  ['curation'],
  ['noteIndex'],
  ['profiles'],
  ['models'],
  ['eval'],
  ['instructionData'],
  ['config'],
  ['pipeline'],
  ['index', 'face'],
];

/** The strongly connected components of more than one file (or a file importing itself): the cycles. */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (v: string): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) found.push(component.sort());
    }
  };
  for (const v of graph.keys()) if (!index.has(v)) visit(v);
  return found;
}

/** The engine layer of an engine file: its folder, or its own name at the engine's root. */
function engineLayer(file: string): number {
  const rel = file.slice(ENGINE.length).replace(/\.ts$/, '');
  const key = rel.split('/')[0];
  const layer = ENGINE_LAYERS.findIndex((names) => names.includes(key));
  assert.ok(layer >= 0, `${file} is in no engine layer: add "${key}" to ENGINE_LAYERS and to server/src/engine/README.md`);
  return layer;
}

describe('the import graph of server/src and client/src', () => {
  const graph = importGraph(SOURCES);

  it('reads every source file and resolves the imports of ours', () => {
    // The test would pass vacuously if the reading broke: the engine surface alone imports a dozen modules.
    assert.ok(graph.size > 100, `${graph.size} files`);
    assert.ok((graph.get('server/src/lsp/server.ts') ?? []).length > 5);
  });

  it('has no import cycle', () => {
    assert.deepEqual(cycles(graph), []);
  });

  it('finds a cycle where there is one (the check itself)', () => {
    const probe = new Map([
      ['a.ts', ['b.ts']],
      ['b.ts', ['c.ts']],
      ['c.ts', ['a.ts']],
      ['d.ts', ['a.ts']],
    ]);
    assert.deepEqual(cycles(probe), [['a.ts', 'b.ts', 'c.ts']]);
  });

  it('inside the engine, imports only run to the same layer or down', () => {
    const upward: string[] = [];
    for (const [file, targets] of graph) {
      if (!file.startsWith(ENGINE)) continue;
      for (const target of targets) {
        if (target.startsWith(ENGINE) && engineLayer(target) > engineLayer(file)) upward.push(`${file} -> ${target}`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it('lsp/ and cli/ import the engine only through engine/index.ts', () => {
    const around: string[] = [];
    for (const [file, targets] of graph) {
      if (!file.startsWith('server/src/lsp/') && !file.startsWith('server/src/cli/')) continue;
      for (const target of targets) if (target.startsWith(ENGINE) && target !== `${ENGINE}index.ts`) around.push(`${file} -> ${target}`);
    }
    assert.deepEqual(around, []);
  });
});
