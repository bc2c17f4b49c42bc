/**
 * Mocha root hooks for every suite run with .mocharc.js: no test may send the stand-in
 * model a medtuned prompt off the training layout (the oracle answers those unusably and
 * logs them). Only the oracle's own tests, and the protocol tests of the test server's /v1
 * endpoints (arbitrary prompts such as `hello`), send such prompts on purpose.
 */
import * as path from 'node:path';
import { OllamaTestServer } from './ollamaServer';

const DELIBERATE = new Set(['ollamaServer.test.js', 'nliOracle.test.js', 'openaiBackend.test.js']);
let before = new Map<OllamaTestServer, number>();

export const mochaHooks = {
  beforeEach(): void {
    before = new Map([...OllamaTestServer.started].map((s) => [s, s.offLayoutPrompts.length]));
  },
  afterEach(this: Mocha.Context): void {
    const file = this.currentTest?.file;
    if (file && DELIBERATE.has(path.basename(file))) return;
    const off = [...OllamaTestServer.started].flatMap((s) => s.offLayoutPrompts.slice(before.get(s) ?? 0));
    if (off.length > 0) {
      throw new Error(
        `${this.currentTest?.fullTitle()}: ${off.length} medtuned prompt(s) off the training layout, e.g. ${JSON.stringify(off[0]).slice(0, 400)}`,
      );
    }
  },
};
