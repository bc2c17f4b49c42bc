/**
 * The Ollama-protocol test server over the fixture notes' gold, for the enclosing `describe`:
 * started in its `before` hook, stopped in its `after` hook. Twenty suites declared the same
 * variable and the same two hooks; now one line: `const server = goldServer();`.
 *
 * What it returns stands for the server before it exists: every property read reaches the
 * running server (methods bound to it), and reading one outside the suite's hooks and tests
 * throws, saying so.
 */
import { loadGoldDocuments, OllamaTestServer } from './ollamaServer';
import { NOTES_DIR } from './gold';

export function goldServer(): OllamaTestServer {
  let running: OllamaTestServer | undefined;
  before(async () => {
    running = await OllamaTestServer.start({ gold: loadGoldDocuments(NOTES_DIR) });
  });
  after(async () => {
    await running?.stop();
    running = undefined;
  });
  return new Proxy({} as OllamaTestServer, {
    get(_, key) {
      if (!running) throw new Error(`the gold test server is not running here (reading ${String(key)} outside its suite)`);
      const value: unknown = Reflect.get(running, key, running);
      return typeof value === 'function' ? value.bind(running) : value;
    },
  });
}
