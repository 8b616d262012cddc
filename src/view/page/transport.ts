/**
 * How the page asks its questions (src/view/api.ts): over HTTP to `vtwin view`, or, in a
 * self-contained page, to the reader bundled into it, on the trace embedded in it.
 */
import type { Routes } from '../types.js';

export interface Transport {
  ask<R extends keyof Routes>(route: R, body: Routes[R]['req']): Promise<Routes[R]['res']>;
}

interface LocalApi {
  call(route: string, body: unknown): unknown;
}
type LocalFactory = (bytes: Uint8Array, name: string) => LocalApi;

/** A request the answerer refused (bad input): shown to the user, not a page error. */
export class Refused extends Error {}

function fromBase64(text: string): Uint8Array {
  const bin = atob(text.trim());
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export function transport(): Transport {
  const embedded = document.getElementById('vtwin-trace');
  const factory = (globalThis as { vtwinLocal?: LocalFactory }).vtwinLocal;
  if (embedded && factory) {
    const api = factory(fromBase64(embedded.textContent ?? ''), embedded.dataset.name ?? 'trace');
    return {
      ask: async (route, body) => {
        try {
          return api.call(route, body) as never;
        } catch (e) {
          throw new Refused((e as Error).message);
        }
      },
    };
  }
  return {
    ask: async (route, body) => {
      const r = await fetch(`/api/${route}`, {
        method: 'POST',
        body: JSON.stringify(body),
        headers: { 'content-type': 'application/json' },
      });
      const doc = (await r.json()) as { error?: string };
      if (!r.ok) throw new Refused(doc.error ?? `HTTP ${r.status}`);
      return doc as never;
    },
  };
}
