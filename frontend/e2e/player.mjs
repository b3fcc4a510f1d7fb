// Plays a READY video's HLS through the real playback API in headless Chromium (hls.js, presigned
// S3 URLs, CORS), driven by src/test/java/io/reelroute/playback/PlayerBrowserIT.java:
//   node e2e/player.mjs <baseUrl> <videoKey> <screenshotDir>
// Until the catalog API (issue 4) is merged, GET /api/videos/{key} may be stubbed in the browser
// (E2E_STUB_CATALOG=1); the playback description and every playlist and segment are real.
import { launchChromium, watchCsp } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';

const [baseUrl, key, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await launchChromium();
let page;
const position = () => page.evaluate(() => document.querySelector('[data-testid="player-video"]')?.currentTime ?? -1);
async function playsPast(seconds) {
  await page.waitForFunction(
    (s) => {
      const v = document.querySelector('[data-testid="player-video"]');
      if (v && v.paused && v.readyState >= 2) v.play().catch(() => {});
      return v && v.currentTime > s;
    },
    seconds,
    { timeout: 60_000, polling: 200 },
  );
  const problem = await page.evaluate(
    () =>
      document.querySelector('.player-error')?.textContent ??
      (document.querySelector('[data-testid="player-video"]')?.error ? 'media error' : null),
  );
  if (problem) throw new Error(`player error: ${problem}`);
}
try {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const csp = watchCsp(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  const s3 = [];
  page.on('response', (r) => {
    if (r.url().includes('X-Amz-Signature')) s3.push(r.status());
  });
  if (process.env.E2E_STUB_CATALOG === '1') {
    await page.route(`**/api/videos/${key}`, (route) =>
      route.fulfill({
        status: 200,
        contentType: 'application/json',
        body: JSON.stringify({
          videoKey: key,
          displayName: 'Fixture clip',
          description: 'Playback fixture',
          state: 'READY',
          visibility: 'PUBLIC',
          ownerDisplayName: 'Fixture',
          uploadTime: new Date().toISOString(),
          durationSeconds: 6,
        }),
      }),
    );
  }
  await page.goto(`${baseUrl}/watch/${key}`);
  await page.getByTestId('player-video').waitFor({ timeout: 20_000 });
  await playsPast(2);
  const quality = page.getByRole('combobox', { name: 'Quality' });
  const options = await quality.locator('option').allTextContents();
  await quality.selectOption({ label: options[options.length - 1] });
  const before = await position();
  await playsPast(Math.min(before + 1, 5));
  await page.screenshot({ path: join(shots, 'watch-fixture.png') });
  console.log(`QUALITY ${JSON.stringify(options)}`);
  // hover the seek bar: a storyboard preview appears
  const seek = page.getByRole('slider', { name: 'Seek' });
  await seek.scrollIntoViewIfNeeded();
  const box = await seek.boundingBox();
  await seek.hover({ position: { x: box.width * 0.6, y: box.height / 2 } });
  await page.getByTestId('seek-preview').waitFor({ timeout: 5000 });
  await page.screenshot({ path: join(shots, 'watch-storyboard.png') });
  await page.reload();
  await playsPast(2);
  if (process.env.E2E_CAPTIONS) {
    // the owner's caption track: chosen in the menu, loaded same-origin under the CSP, cues shown
    const [lang, label] = process.env.E2E_CAPTIONS.split(':');
    await page.getByRole('combobox', { name: 'Captions' }).selectOption({ label });
    await page.waitForFunction(
      (l) => {
        const t = [...document.querySelector('[data-testid="player-video"]').textTracks].find((x) => x.language === l);
        return t && t.mode === 'showing' && t.cues && t.cues.length > 0;
      },
      lang,
      { timeout: 10_000 },
    );
    const cue = await page.evaluate(
      () => [...document.querySelector('[data-testid="player-video"]').textTracks].find((x) => x.mode === 'showing').cues[0].text,
    );
    await page.screenshot({ path: join(shots, 'watch-captions.png') });
    console.log(`CAPTIONS ${lang} ${JSON.stringify(cue)}`);
  }
  // another site frames the embeddable player: its policy lets it, and the video plays inside
  const blog = await browser.newPage({ viewport: { width: 900, height: 600 } });
  // another origin on this machine: a tiny site of its own (Chromium keeps public sites from
  // framing local ones, so it must really be served from here)
  const site = createServer((_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><h1>My blog</h1><iframe src="${baseUrl}/embed/${key}" width="640" height="360" allow="fullscreen"></iframe>`);
  });
  await new Promise((resolve) => site.listen(0, '127.0.0.1', resolve));
  const blogUrl = `http://127.0.0.1:${site.address().port}/post`;
  await blog.goto(blogUrl);
  const frame = blog.frameLocator('iframe');
  await frame.getByTestId('player-video').waitFor({ timeout: 20_000 });
  const embedded = blog.frames().find((f) => f.url().includes('/embed/'));
  await embedded.waitForFunction(
    () => {
      const v = document.querySelector('[data-testid="player-video"]');
      if (v && v.paused && v.readyState >= 2) {
        v.muted = true; // autoplay in a cross-origin frame needs no sound
        v.play().catch(() => {});
      }
      return v && v.currentTime > 1;
    },
    undefined,
    { timeout: 60_000, polling: 200 },
  );
  await blog.screenshot({ path: join(shots, 'embed-on-another-site.png') });
  await blog.close();
  site.close();
  console.log('EMBED OK');
  if (!s3.length || s3.some((status) => status >= 400)) throw new Error(`S3 answers: ${s3}`);
  if (errors.length) throw new Error(`page errors: ${errors}`);
  console.log(`S3 ${s3.length} presigned fetches`);
  csp.assertNoCspViolations(); // the page's content security policy let everything load
  console.log('PLAYER OK');
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'player-failure.png') }).catch(() => undefined);
  console.log(`PLAYER FAILED ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
