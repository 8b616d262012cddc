/** The viewer page's entry (bundled to dist/view/page.js). */
import { App } from './app.js';
import { transport } from './transport.js';

void new App(transport()).start().catch((e: unknown) => {
  const status = document.getElementById('status');
  if (status) status.textContent = `the viewer could not start: ${(e as Error).message}`;
});
