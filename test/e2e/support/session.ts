/** The mocha hooks every end-to-end file needs, once: start, report a failure, tear down. */
import { OllamaTestServer } from '../../support/ollamaServer';
import { reportFailure, VsCode } from './vscode';
import { NoteWorkspace } from './workspace';

export interface Session {
  server: OllamaTestServer;
  ws: NoteWorkspace;
  vscode: VsCode;
}

/**
 * `start` fills in the session as it goes, so whatever it started is stopped even when a
 * later step fails. After each failed test the extension's and code-server's logs and a
 * screenshot are saved.
 */
export function vscodeSession(start: (s: Session) => Promise<void>): Session {
  const s = {} as Session;
  before(async () => start(s));
  afterEach(async function () {
    await reportFailure(this, s.vscode);
  });
  // What the real editor sent the stand-in model was in the training layout, every prompt.
  afterEach(() => {
    const off = s.server?.offLayoutPrompts ?? [];
    if (off.length > 0) throw new Error(`${off.length} medtuned prompt(s) off the training layout, e.g. ${JSON.stringify(off[0]).slice(0, 400)}`);
  });
  after(async () => {
    await s.vscode?.stop();
    await s.server?.stop();
    s.ws?.remove();
  });
  return s;
}
