/**
 * What the extension (client/src) takes from the server's sources: the protocol and nothing
 * else, and through the protocol no engine code but engine/types.ts's lists of names (a
 * module that imports nothing). The compiler allows more (the protocol's project references
 * the engine's, so an engine file compiles in the client); esbuild would then bundle engine
 * code into dist/extension.js. Imports are read from each file's syntax tree, type-only ones
 * told apart, so the failure names the file and the import.
 */
import * as assert from 'node:assert/strict';
import { Import, importsOf, sourceFiles } from '../support/importGraph';
const PROTOCOL = 'server/src/protocol/protocol.ts';
/** The protocol's files: protocol.ts and the modules beside it that it re-exports (one subject each: protocol/linking.ts, protocol/models.ts). */
const PROTOCOL_FILES = sourceFiles('server/src/protocol');
/** The one engine module the protocol may take values from: lists of names, no imports. */
const ENGINE_VALUES = 'server/src/engine/types.ts';

const show = (i: Import) => `${i.file}: '${i.spec}'`;

describe('package: what the client takes from the server sources', () => {
  const client = sourceFiles('client/src').flatMap((f) => importsOf(f));

  it('reads the imports (the check itself)', () => {
    // Vacuous if the reading broke: the client imports the protocol in several files.
    assert.ok(client.filter((i) => i.target === PROTOCOL).length >= 5, `${client.length} imports read`);
    const probe =
      "import type { A } from './a';\nimport { type B, C } from './b';\nimport { type G } from './g';\nexport type { D } from './d';\nexport { E } from './e';\nconst f = require('./f');\n";
    const read = importsOf('client/src/probe.ts', probe).map((i) => `${i.spec} ${i.typeOnly ? 'type' : 'value'}`);
    assert.deepEqual(read, ['./a type', './b value', './g type', './d type', './e value', './f value']);
  });

  it('client/src imports nothing of server/src but the protocol', () => {
    const around = client.filter((i) => i.target?.startsWith('server/src/') && i.target !== PROTOCOL).map(show);
    assert.deepEqual(around, [], 'import it through server/src/protocol/protocol.ts (types, or a list of names from engine/types.ts)');
  });

  it('the protocol takes from the engine only types, and the lists of names of engine/types.ts', () => {
    assert.ok(PROTOCOL_FILES.includes(PROTOCOL), PROTOCOL_FILES.join(', '));
    const protocol = PROTOCOL_FILES.flatMap((f) => importsOf(f));
    const code = protocol.filter((i) => !i.typeOnly && i.target !== ENGINE_VALUES && !PROTOCOL_FILES.includes(i.target ?? '')).map(show);
    assert.deepEqual(code, [], 'code of the server imported here would be bundled into the extension');
    // engine/types.ts stays a leaf, so that taking its lists pulls in nothing more.
    assert.deepEqual(importsOf(ENGINE_VALUES).map(show), []);
  });
});
