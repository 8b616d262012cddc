/** `vtwin view`: the local server's API over HTTP, the CLI around it, and `--out`'s size limit. */
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../tools/cli.js';
import { captureIo } from '../../tools/io.js';
import { startViewServer, type ViewServer } from '../../tools/view/server.js';
import { misbehave } from '../unit/analysis/runs.js';
import { open, record, workload } from '../unit/trace/helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'vtwin-view-cli-'));
const small = record(misbehave);
let server: ViewServer;

async function vtwin(...argv: string[]) {
  const io = captureIo(dir);
  const code = await main(argv, io);
  return { code, out: io.stdout, err: io.stderr };
}

const post = (route: string, body: unknown) =>
  fetch(`${server.url}api/${route}`, { method: 'POST', body: JSON.stringify(body) }).then(async (r) => ({
    status: r.status,
    json: (await r.json()) as Record<string, unknown>,
  }));

beforeAll(async () => {
  writeFileSync(join(dir, 'small.vtrace'), small.bytes);
  server = await startViewServer(open(small.bytes), 'small.vtrace');
});
afterAll(() => server?.close());

describe('the viewer server', () => {
  it('listens on 127.0.0.1 and serves one page whose only script is its own', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const html = await (await fetch(server.url)).text();
    expect(html).toContain('<script src="/page.js"></script>');
    expect(html).not.toMatch(/(src|href)="https?:/);
    const js = await fetch(`${server.url}page.js`);
    expect(js.headers.get('content-type')).toMatch(/javascript/);
    expect((await js.text()).length).toBeGreaterThan(1000);
    expect((await fetch(`${server.url}nothing`)).status).toBe(404);
  });

  it('answers the API as JSON, and bad requests with 400 and what was expected', async () => {
    const meta = await post('meta', {});
    expect(meta.json).toMatchObject({ name: 'small.vtrace', firstSeq: 0, lastSeq: small.events.length - 1 });
    const at = await post('at', { seq: 3, open: [] });
    expect(at.status).toBe(200);
    expect((at.json.event as { seq: number }).seq).toBe(3);
    expect(await post('at', { seq: -5 })).toEqual({
      status: 400,
      json: { error: expect.stringMatching(/expected a seq from -1/) },
    });
    const bad = await fetch(`${server.url}api/at`, { method: 'POST', body: '{nope' });
    expect(bad.status).toBe(400);
  });
});

describe('vtwin view (CLI)', () => {
  it('prints the URL it serves on and stops cleanly on SIGTERM', async () => {
    const cli = join(process.cwd(), 'dist', 'tools', 'vtwin.js');
    if (!existsSync(cli)) throw new Error(`${cli} is missing: run \`npm run build\` first`);
    const child = spawn(process.execPath, [cli, 'view', 'small.vtrace', '--port', '0'], { cwd: dir });
    let out = '';
    const url = await new Promise<string>((resolve, reject) => {
      child.stdout.on('data', (d: Buffer) => {
        out += d.toString();
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/) /.exec(out);
        if (m) resolve(m[1]!);
      });
      child.on('exit', (code) => reject(new Error(`exited ${code}: ${out}`)));
    });
    expect(
      ((await (await fetch(`${url}api/meta`, { method: 'POST', body: '{}' })).json()) as { name: string }).name,
    ).toBe('small.vtrace');
    const code = await new Promise<number | null>((resolve) => {
      child.on('exit', (c) => resolve(c));
      child.kill('SIGTERM');
    });
    expect(code).toBe(0);
  });

  it('--out writes one self-contained file with the trace and its reader inlined', async () => {
    const r = await vtwin('view', 'small.vtrace', '--out', 'small.html');
    expect(r.code).toBe(0);
    const html = readFileSync(join(dir, 'small.html'), 'utf8');
    expect(html).toContain('id="vtwin-trace"');
    expect(html).toContain(Buffer.from(small.bytes).toString('base64'));
    expect(html).not.toMatch(/<script src=/);
    expect(html).not.toMatch(/(src|href)="https?:/);
  });

  it('--out refuses a trace of more than 100 000 events, exit 2', async () => {
    writeFileSync(join(dir, 'big.vtrace'), workload(100_001).bytes);
    const r = await vtwin('view', 'big.vtrace', '--out', 'big.html');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /^vtwin: big\.vtrace: 1000\d\d events; --out embeds traces of at most 100000 events \(serve a bigger one with/,
    );
    expect(existsSync(join(dir, 'big.html'))).toBe(false);
  });

  it('bad usage is one line and exit 2', async () => {
    for (const [argv, err] of [
      [['view', 'small.vtrace', '--port', 'x'], /--port: expected an integer in 0\.\.65535/],
      [['view', 'small.vtrace', '--port', '1', '--out', 'a.html'], /--port and --out are exclusive/],
      [['view', 'missing.vtrace', '--out', 'a.html'], /missing\.vtrace: no such file or directory/],
    ] as [string[], RegExp][]) {
      const r = await vtwin(...argv);
      expect(r.code, argv.join(' ')).toBe(2);
      expect(r.err).toMatch(err);
    }
  });
});
