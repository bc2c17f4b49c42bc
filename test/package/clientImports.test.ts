/**
 * What the extension (client/src) takes from the server's sources: the protocol and nothing
 * else, and through the protocol no engine code but engine/types.ts's lists of names (a
 * module that imports nothing). The compiler allows more (the protocol's project references
 * the engine's, so an engine file compiles in the client); esbuild would then bundle engine
 * code into dist/extension.js. Imports are read from each file's syntax tree, type-only ones
 * told apart, so the failure names the file and the import.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';

const ROOT = path.resolve(__dirname, '../../..');
const PROTOCOL = 'server/src/protocol/protocol.ts';
/** The one engine module the protocol may take values from: lists of names, no imports. */
const ENGINE_VALUES = 'server/src/engine/types.ts';

interface Import {
  /** The importing file, relative to the repository root. */
  file: string;
  /** The import as written. */
  spec: string;
  /** The file it names, relative to the repository root, if it is one of ours. */
  target?: string;
  /** Erased at build time (`import type`, `export type`, or every name of it a type). */
  typeOnly: boolean;
}

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap((e) => {
    const rel = `${dir}/${e.name}`;
    if (e.isDirectory()) return sourceFiles(rel);
    return /\.ts$/.test(e.name) && !/\.d\.ts$/.test(e.name) ? [rel] : [];
  });
}

function resolve(from: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = path.posix.normalize(path.posix.join(path.posix.dirname(from), spec));
  return [base, `${base}.ts`, `${base}/index.ts`].find((c) => fs.existsSync(path.join(ROOT, c)) && fs.statSync(path.join(ROOT, c)).isFile());
}

/** Every `import ... from`, `export ... from` and `import(...)`/`require(...)` of a file. */
function importsOf(file: string, text = fs.readFileSync(path.join(ROOT, file), 'utf8')): Import[] {
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found: Import[] = [];
  const add = (spec: string, typeOnly: boolean) => found.push({ file, spec, target: resolve(file, spec), typeOnly });
  const visit = (node: ts.Node): void => {
    if (ts.isImportDeclaration(node) && ts.isStringLiteral(node.moduleSpecifier)) {
      const clause = node.importClause;
      const named = clause?.namedBindings && ts.isNamedImports(clause.namedBindings) ? clause.namedBindings.elements : undefined;
      const allTypes = !!clause && !clause.name && !!named && named.length > 0 && named.every((e) => e.isTypeOnly);
      add(node.moduleSpecifier.text, !!clause && (clause.isTypeOnly || allTypes));
    } else if (ts.isExportDeclaration(node) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const named = node.exportClause && ts.isNamedExports(node.exportClause) ? node.exportClause.elements : undefined;
      add(node.moduleSpecifier.text, node.isTypeOnly || (!!named && named.length > 0 && named.every((e) => e.isTypeOnly)));
    } else if (ts.isCallExpression(node) && node.arguments.length === 1 && ts.isStringLiteral(node.arguments[0])) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) add(node.arguments[0].text, false);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

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
    const protocol = importsOf(PROTOCOL);
    const code = protocol.filter((i) => !i.typeOnly && i.target !== ENGINE_VALUES).map(show);
    assert.deepEqual(code, [], 'code of the server imported here would be bundled into the extension');
    // engine/types.ts stays a leaf, so that taking its lists pulls in nothing more.
    assert.deepEqual(importsOf(ENGINE_VALUES).map(show), []);
  });
});
