/**
 * The in-page reader of a self-contained viewer page (`vtwin view --out`): the same session and
 * API as `vtwin view`'s server, run in the browser on the trace embedded in the page. Bundled for
 * the browser on its own (dist/view/local.js); it defines `vtwinLocal`, which the page calls.
 */
import { openTrace } from '../trace/reader.js';
import { bytesSource } from '../trace/source.js';
import { handleApi } from './api.js';
import { ViewSession } from './session.js';

export interface LocalApi {
  call(route: string, body: unknown): unknown;
}

export function localApi(bytes: Uint8Array, name: string): LocalApi {
  const session = new ViewSession(openTrace(bytesSource(bytes, name)), name);
  return { call: (route, body) => handleApi(session, route, body) };
}

(globalThis as { vtwinLocal?: typeof localApi }).vtwinLocal = localApi;
