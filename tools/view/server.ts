/**
 * `vtwin view`'s local server: one page and its JSON API (src/view/api.ts), on 127.0.0.1 only.
 * Nothing is fetched from anywhere else: the page, its script and its data all come from here.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { VtwinError } from '../../src/errors.js';
import { handleApi } from '../../src/view/api.js';
import { pageHtml } from '../../src/view/html.js';
import { ViewSession } from '../../src/view/session.js';
import type { TraceReader } from '../../src/trace/reader.js';
import { viewAssets } from './assets.js';

export interface ViewServer {
  url: string;
  close(): Promise<void>;
}

const MAX_BODY = 1 << 20;
const SECURITY = {
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:",
  'x-content-type-options': 'nosniff',
  'cache-control': 'no-store',
};

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, ...SECURITY });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let size = 0;
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) reject(new Error('request body too large'));
      else chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** Serve `reader` (named `name` on the page) until `close()`. Port 0 = any free port. */
export async function startViewServer(reader: TraceReader, name: string, port = 0): Promise<ViewServer> {
  const assets = viewAssets();
  const session = new ViewSession(reader, name);
  const html = pageHtml({ title: `${name} · virtio-twin viewer`, script: { src: '/page.js' } });
  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (req.method === 'GET' && url.pathname === '/') return send(res, 200, 'text/html; charset=utf-8', html);
      if (req.method === 'GET' && url.pathname === '/page.js')
        return send(res, 200, 'text/javascript; charset=utf-8', assets.page);
      const api = /^\/api\/([a-z]+)$/.exec(url.pathname);
      if (req.method !== 'POST' || !api) return send(res, 404, 'text/plain; charset=utf-8', 'not found\n');
      try {
        const text = await readBody(req);
        const body: unknown = text.trim() === '' ? {} : JSON.parse(text);
        send(res, 200, 'application/json', JSON.stringify(handleApi(session, api[1]!, body)));
      } catch (e) {
        const bad = e instanceof VtwinError || e instanceof SyntaxError;
        send(res, bad ? 400 : 500, 'application/json', JSON.stringify({ error: (e as Error).message }));
      }
    })();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
