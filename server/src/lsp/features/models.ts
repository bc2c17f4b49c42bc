/**
 * Model management: the models Ollama has, pulling one (with progress), and downloading
 * the embedded engine's default model. Ollama's requests talk to Ollama itself; other
 * engines manage their models elsewhere.
 */
import { ResponseError } from 'vscode-languageserver';
import { modelFiles, resolveProfileName } from '../../engine';
import { DownloadModelRequest, DownloadProgressNotification, ListModelsRequest, PullModelRequest, PullProgressNotification } from '../../protocol/protocol';
import { ServerContext } from '../context';

const { downloadModel } = modelFiles;

export function registerModels(ctx: ServerContext): void {
  const { runner, workspace } = ctx;

  function ollama() {
    const backend = workspace.engine.ollama();
    if (!backend) {
      const { engine } = workspace.backend.serving();
      const where = engine === 'openai' ? 'the OpenAI-compatible server' : 'the embedded engine (a GGUF file)';
      throw new ResponseError(1, `Models are managed with Ollama; biomedNlp.engine uses ${where}, which has its own models.`);
    }
    return backend;
  }

  runner.request(ListModelsRequest, async () => {
    const models = await ollama().listModels();
    const settings = ctx.settings;
    return {
      host: settings.engine.ollama.host,
      current: settings.engine.model,
      models: models.map((m) => ({ ...m, profile: resolveProfileName(settings.engine.promptProfile, m.name) })),
    };
  });

  runner.request(PullModelRequest, async (params, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    await ollama().pull(params.model, (p) => ctx.notify(PullProgressNotification, { model: params.model, ...p }), controller.signal);
    // The model may be the one the notes were waiting for.
    await workspace.retry();
    return { pulled: params.model };
  });

  /**
   * Downloads the embedded engine's default model into `params.folder` (the client asks the
   * user first and then sets biomedNlp.embedded.modelPath to the answer's path).
   */
  runner.request(DownloadModelRequest, async (params, token) => {
    const controller = new AbortController();
    token.onCancellationRequested(() => controller.abort());
    const file = await downloadModel({
      folder: params.folder,
      signal: controller.signal,
      onProgress: (p) => ctx.notify(DownloadProgressNotification, p),
    });
    return { path: file };
  });
}
