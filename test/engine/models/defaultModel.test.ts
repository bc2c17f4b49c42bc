/** The embedded engine's default model as an environment places it (engine/models/embedded/download.ts `defaultModel`). */
import * as assert from 'node:assert/strict';
import * as os from 'node:os';
import * as path from 'node:path';
import { DEFAULT_MODEL_FILE, DEFAULT_MODEL_URL, defaultModel } from '../../../server/src/engine/models/embedded/download';

describe('defaultModel: the folder, the file and the source an environment gives', () => {
  it('$BIOMED_NLP_CACHE first, then $XDG_CACHE_HOME/biomed-nlp, then ~/.cache/biomed-nlp; blank values do not count', () => {
    assert.equal(defaultModel({ BIOMED_NLP_CACHE: '/c/models', XDG_CACHE_HOME: '/x' }).folder, '/c/models');
    assert.equal(defaultModel({ BIOMED_NLP_CACHE: '  ', XDG_CACHE_HOME: '/x' }).folder, path.join('/x', 'biomed-nlp'));
    assert.equal(defaultModel({ XDG_CACHE_HOME: ' ' }).folder, path.join(os.homedir(), '.cache', 'biomed-nlp'));
  });

  it('the file is the default name in that folder, from the default URL or the mirror $BIOMED_NLP_MODEL_URL names', () => {
    assert.deepEqual(defaultModel({ BIOMED_NLP_CACHE: '/c' }), {
      folder: '/c',
      path: path.join('/c', DEFAULT_MODEL_FILE),
      url: DEFAULT_MODEL_URL,
      fileName: DEFAULT_MODEL_FILE,
    });
    const mirrored = defaultModel({ BIOMED_NLP_CACHE: '/c', BIOMED_NLP_MODEL_URL: ' http://127.0.0.1:9/m/other.gguf ' });
    assert.equal(mirrored.url, 'http://127.0.0.1:9/m/other.gguf');
    assert.equal(mirrored.fileName, DEFAULT_MODEL_FILE, 'a mirror of the same file is kept under the default name');
  });
});
