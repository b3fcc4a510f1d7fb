// Accessibility check of every page (issue 15), driven by
// src/test/java/io/reelroute/e2e/AccessibilityBrowserIT.java:
//   node e2e/a11y.mjs <baseUrl> <email> <password> <videoKey> <outDir>
// Opens each page of e2e/pages.mjs in headless Chromium, signed out and signed in as the entry
// says, and runs axe-core (all its rules) on it, and on each extra state the entry names. Any
// violation of impact "serious" or "critical" fails the run; the others are reported. The full
// axe results go to <outDir>/a11y.json.
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { launchChromium } from './browser.mjs';
import { PAGES, uncoveredRoutes } from './pages.mjs';

const [baseUrl, email, password, videoKey, out, takenDownKey] = process.argv.slice(2);
if (!baseUrl || !email || !password || !videoKey || !out) {
  console.error('usage: node e2e/a11y.mjs <baseUrl> <email> <password> <videoKey> <outDir>');
  process.exit(2);
}
await mkdir(out, { recursive: true });
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const BLOCKING = new Set(['serious', 'critical']);

const missing = await uncoveredRoutes(new URL('../src', import.meta.url).pathname);
if (missing.length) {
  console.log(`A11Y FAILED routes missing from e2e/pages.mjs: ${missing.join(', ')}`);
  process.exit(1);
}

const video = await (await fetch(`${baseUrl}/api/videos/${videoKey}`)).json();
if (!video.ownerHandle) throw new Error(`no ownerHandle for ${videoKey}: ${JSON.stringify(video)}`);
// a public playlist holding the video, for the playlist page
const post = async (path, body, token) => {
  const r = await fetch(`${baseUrl}${path}`, {
    method: body === undefined ? 'PUT' : 'POST',
    headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!r.ok) throw new Error(`${path} -> ${r.status} ${await r.text()}`);
  return r.headers.get('Content-Type')?.includes('json') ? r.json() : null;
};
const { accessToken } = await post('/api/auth/login', { email, password });
const playlist = await post('/api/playlists', { title: 'A11y list', description: 'For the check', visibility: 'PUBLIC' }, accessToken);
await post(`/api/playlists/${playlist.id}/videos/${videoKey}`, undefined, accessToken);
const ctx = { videoKey, handle: video.ownerHandle, email, playlistId: playlist.id, takenDownKey };

/** Waits until the page has rendered its content: no spinner, the entry's element if it names one. */
async function settle(page, ready) {
  await page.locator('#root > *').first().waitFor();
  await page.waitForFunction(() => !document.querySelector('.spinner'), null, { timeout: 30_000 });
  if (ready) await page.locator(ready).first().waitFor({ timeout: 30_000 });
  await page.waitForTimeout(300); // transitions and late paints
}

async function audit(page) {
  if (!(await page.evaluate(() => typeof window.axe !== 'undefined'))) await page.evaluate(axeSource);
  return page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
}

const report = [];
let blocking = 0;
function record(label, results) {
  const bad = results.violations.filter((v) => BLOCKING.has(v.impact));
  const other = results.violations.filter((v) => !BLOCKING.has(v.impact));
  blocking += bad.length;
  report.push({ page: label, url: results.url, violations: results.violations });
  console.log(
    `A11Y ${label}: ${bad.length} serious/critical, ${other.length} other${other.length ? ` (${other.map((v) => `${v.id}:${v.impact}`).join(', ')})` : ''}`,
  );
  for (const v of bad) {
    console.log(`VIOLATION ${v.impact} ${v.id} (${v.help}) at ${label}`);
    for (const n of v.nodes.slice(0, 5)) console.log(`  ${n.target.join(' ')}: ${n.failureSummary?.replace(/\s+/g, ' ')}`);
  }
}

const browser = await launchChromium();
try {
  for (const as of ['signed-out', 'signed-in']) {
    const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
    const page = await context.newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (e) => console.log(`PAGEERROR ${e.message}`));
    if (as === 'signed-in') {
      await page.goto(`${baseUrl}/login`);
      await page.getByLabel('Email').fill(email);
      await page.getByLabel('Password').fill(password);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.getByRole('button', { name: 'Log out' }).waitFor();
    }
    for (const entry of PAGES.filter((p) => p.as.includes(as))) {
      const path = entry.path(ctx);
      const label = `${as} ${entry.name ?? entry.route} (${path})`;
      await page.goto(`${baseUrl}${path}`);
      await settle(page, entry.ready);
      await page.screenshot({ path: join(out, `a11y-${as}-${(entry.name ?? entry.route).replace(/[^a-z0-9]+/gi, '_')}.png`) });
      record(label, await audit(page));
      for (const state of entry.states ?? []) {
        if (state.when && state.when !== as) continue;
        await state.open(page, ctx);
        await page.waitForTimeout(300);
        record(`${label} [${state.name}]`, await audit(page));
      }
    }
    await context.close();
  }
  await writeFile(join(out, 'a11y.json'), JSON.stringify(report, null, 1));
  if (blocking) {
    console.log(`A11Y FAILED ${blocking} serious/critical violations`);
    process.exitCode = 1;
  } else {
    console.log(`A11Y OK ${report.length} pages and states, 0 serious/critical violations`);
  }
} catch (e) {
  console.log(`A11Y FAILED ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
