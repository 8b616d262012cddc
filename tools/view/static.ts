/**
 * `vtwin view --out page.html`: the viewer as one self-contained file, to attach to a bug report.
 * The trace is embedded (base64) with the in-page reader that answers the page's questions, so
 * the file opens anywhere, offline. Only for small traces: the whole trace is in the file (the
 * limit, MAX_STATIC_EVENTS, is in tools/register/view.ts: `--help` states it).
 */
import { pageHtml } from '../../src/view/html.js';
import { viewAssets } from './assets.js';

export function staticPage(bytes: Uint8Array, name: string): string {
  const assets = viewAssets();
  return pageHtml({
    title: `${name} · virtio-twin viewer`,
    script: { inline: assets.page },
    embedded: { traceBase64: Buffer.from(bytes).toString('base64'), name, reader: assets.local },
  });
}
