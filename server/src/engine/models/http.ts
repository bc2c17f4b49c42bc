/**
 * `fetch` over Node's own node:http and node:https, for the model servers and the model
 * download. Why not the global fetch: in Node 20 it is undici inside Node, with a 300 s
 * headersTimeout and bodyTimeout that cannot be changed without undici's own Agent class (the
 * global dispatcher is not reachable otherwise), and a slow local model can take longer than
 * that before its first byte or between two. node:http has no such limit: the only limits
 * here are the caller's AbortSignal (requestTimeoutMs, stale edits), which closes the
 * connection, which is how model servers stop generating.
 *
 * What it does, as the backends use it:
 * - `redirect: 'manual'` returns a 3xx answer as it is (the callers refuse it); `'follow'`
 *   (the default, only the model download uses it) follows up to 20 redirects.
 * - The answer is a WHATWG Response (status, headers, a streamed body), which the `ollama`
 *   client takes through its `fetch` option.
 * - A connection that cannot be made rejects with `TypeError('fetch failed')` whose `cause`
 *   is the socket error (`code: 'ECONNREFUSED'`, ...); a body cut short errors its stream with
 *   `TypeError('terminated')`, cause the socket error: the shapes fetch gives, which
 *   deadline.ts's connectionFailureCode reads.
 * - No Accept-Encoding is sent, so answers come uncompressed.
 * - Connections are kept alive and reused; an idle one is closed after 4 s, before a server
 *   would close it under a request (undici's default too).
 */
import * as http from 'node:http';
import * as https from 'node:https';
import type { LookupFunction } from 'node:net';

export interface HttpInit {
  method?: string;
  headers?: ConstructorParameters<typeof Headers>[0];
  body?: string | Uint8Array;
  signal?: AbortSignal | null;
  /** Default 'follow'. */
  redirect?: 'manual' | 'follow';
  /**
   * How the first URL's name is resolved (hostPolicy.ts checkHost: the addresses it
   * checked); a redirect's target is looked up as usual.
   */
  lookup?: LookupFunction;
}

const IDLE_MS = 4_000;
// `timeout` of an Agent applies to sockets in its free list only (Node closes those); a
// socket in use keeps no timeout, so a slow first token is waited for.
const agents = {
  'http:': new http.Agent({ keepAlive: true, timeout: IDLE_MS }),
  'https:': new https.Agent({ keepAlive: true, timeout: IDLE_MS }),
};

const MAX_REDIRECTS = 20;
const NULL_BODY = new Set([101, 103, 204, 205, 304]);

function abortError(signal: AbortSignal): unknown {
  return signal.reason ?? new DOMException('This operation was aborted', 'AbortError');
}

function failed(message: string, cause: unknown): TypeError {
  return Object.assign(new TypeError(message), { cause });
}

/** One request and its answer, no redirect handling. */
function once(url: URL, init: HttpInit): Promise<Response> {
  const signal = init.signal ?? undefined;
  return new Promise<Response>((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const agent = agents[url.protocol as keyof typeof agents];
    if (!agent) return reject(failed('fetch failed', new Error(`unsupported protocol ${url.protocol}`)));
    const headers: Record<string, string> = {};
    new Headers(init.headers).forEach((value, name) => (headers[name] = value));
    headers.accept ??= '*/*';
    const request = (url.protocol === 'https:' ? https : http).request(url, { method: init.method ?? 'GET', headers, agent, lookup: init.lookup });
    let settled = false;
    let onAbort = (): void => {
      request.destroy();
      if (!settled) {
        settled = true;
        reject(abortError(signal!));
      }
    };
    const listener = () => onAbort();
    const done = () => signal?.removeEventListener('abort', listener);
    signal?.addEventListener('abort', listener, { once: true });
    request.on('error', (err) => {
      done();
      if (!settled) {
        settled = true;
        reject(signal?.aborted ? abortError(signal) : failed('fetch failed', err));
      }
    });
    request.on('response', (res) => {
      settled = true;
      const status = res.statusCode ?? 0;
      const responseHeaders = new Headers();
      for (let i = 0; i + 1 < res.rawHeaders.length; i += 2) {
        try {
          responseHeaders.append(res.rawHeaders[i], res.rawHeaders[i + 1]);
        } catch {
          // A header value the Headers class refuses is left out, as fetch does.
        }
      }
      if (status < 200 || status > 599) {
        res.destroy();
        done();
        return reject(failed('fetch failed', new Error(`invalid HTTP status ${status}`)));
      }
      let ended = false;
      let stream: ReadableStreamDefaultController<Uint8Array> | undefined;
      const end = (fail?: unknown) => {
        if (ended) return;
        ended = true;
        done();
        if (fail === undefined) stream?.close();
        else stream?.error(fail);
      };
      // From now on an abort errors the body, as fetch does.
      onAbort = () => {
        res.destroy();
        end(abortError(signal!));
      };
      const nullBody = NULL_BODY.has(status) || init.method === 'HEAD';
      const body = nullBody
        ? null
        : new ReadableStream<Uint8Array>(
            {
              start(controller) {
                stream = controller;
                res.on('data', (chunk: Buffer) => {
                  if (ended) return;
                  controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
                  // Backpressure: the socket waits while the reader does.
                  if ((controller.desiredSize ?? 1) <= 0) res.pause();
                });
                res.on('end', () => end());
                res.on('error', (err) => end(signal?.aborted ? abortError(signal) : failed('terminated', err)));
                res.on('close', () => {
                  if (!res.complete)
                    end(signal?.aborted ? abortError(signal) : failed('terminated', Object.assign(new Error('other side closed'), { code: 'ECONNRESET' })));
                });
              },
              pull() {
                res.resume();
              },
              cancel() {
                ended = true;
                done();
                res.destroy();
              },
            },
            { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
          );
      if (nullBody) {
        res.resume();
        done();
      }
      resolve(new Response(body, { status, statusText: res.statusMessage ?? '', headers: responseHeaders }));
    });
    request.end(init.body === undefined ? undefined : typeof init.body === 'string' ? init.body : Buffer.from(init.body));
  });
}

/** fetch for the model servers and the download; see the file comment. */
export async function httpFetch(input: string | URL, init: HttpInit = {}): Promise<Response> {
  let url = new URL(String(input));
  let current = init;
  for (let hops = 0; ; hops++) {
    const res = await once(url, current);
    const location = res.headers.get('location');
    if ((init.redirect ?? 'follow') === 'manual' || ![301, 302, 303, 307, 308].includes(res.status) || !location) return res;
    await res.body?.cancel().catch(() => undefined);
    if (hops >= MAX_REDIRECTS) throw failed('fetch failed', new Error(`more than ${MAX_REDIRECTS} redirects`));
    url = new URL(location, url);
    current = { ...current, lookup: undefined };
    // As fetch: 303, and 301/302 after a POST, become a GET without a body.
    if (res.status === 303 || ((res.status === 301 || res.status === 302) && current.method === 'POST')) {
      current = { ...current, method: 'GET', body: undefined };
    }
  }
}
