/**
 * A note's state is its NoteSession's own: the class exposes behaviour
 * (methods, read-only getters, readonly fields), never a field another module may assign.
 * Read with the TypeScript parser.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { ROOT } from '../support/paths';

const FILE = path.join(ROOT, 'server/src/lsp/noteSession.ts');

describe('NoteSession (lsp/noteSession.ts) keeps its state private', function () {
  it('has no public field that can be assigned from outside, and no setter', () => {
    const source = ts.createSourceFile(FILE, fs.readFileSync(FILE, 'utf8'), ts.ScriptTarget.ES2022, true);
    const cls = source.statements.find((s): s is ts.ClassDeclaration => ts.isClassDeclaration(s) && s.name?.text === 'NoteSession');
    assert.ok(cls, 'NoteSession is declared in lsp/noteSession.ts');
    const writable: string[] = [];
    const methods: string[] = [];
    const isPrivate = (m: ts.ClassElement | ts.ParameterDeclaration) =>
      ts.getCombinedModifierFlags(m as ts.Declaration) & (ts.ModifierFlags.Private | ts.ModifierFlags.Protected) || (m.name && ts.isPrivateIdentifier(m.name));
    const readonly = (m: ts.ClassElement | ts.ParameterDeclaration) => ts.getCombinedModifierFlags(m as ts.Declaration) & ts.ModifierFlags.Readonly;
    for (const m of cls.members) {
      const name = m.name?.getText(source) ?? '(constructor)';
      if (ts.isPropertyDeclaration(m) && !isPrivate(m) && !readonly(m)) writable.push(name);
      if (ts.isSetAccessorDeclaration(m) && !isPrivate(m)) writable.push(`set ${name}`);
      if (ts.isMethodDeclaration(m) && !isPrivate(m)) methods.push(name);
      if (ts.isConstructorDeclaration(m))
        for (const p of m.parameters) {
          const modifiers = ts.getCombinedModifierFlags(p);
          // A parameter property without readonly or private is a public writable field.
          if (modifiers & ts.ModifierFlags.ParameterPropertyModifier && !isPrivate(p) && !readonly(p)) writable.push(p.name.getText(source));
        }
    }
    assert.deepEqual(writable, [], 'public writable members of NoteSession');
    // The behaviour the features use: diagnostics, token deltas, progress, curation.
    for (const m of ['publishDiagnostics', 'tokenDelta', 'tokensSent', 'scheduleOverview', 'showProgress', 'setCuration', 'close']) {
      assert.ok(methods.includes(m), `NoteSession.${m}`);
    }
  });
});
