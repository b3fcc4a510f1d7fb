// Watch while processing in headless Chromium (hls.js against the real API): a PROCESSING video
// whose first segments are published plays from its growing EVENT playlists with "Still processing
// — more qualities soon"; once the test makes it READY (after "LIVE OK"), the page moves to the
// final playlists and plays on. Driven by src/test/java/io/reelroute/playback/LivePlayerBrowserIT.java:
//   node e2e/live.mjs <baseUrl> <videoKey> <screenshotDir>
import { launchChromium, watchCsp } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, key, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await launchChromium();
let page;
async function playsPast(seconds) {
  await page.waitForFunction(
    (s) => {
      const v = document.querySelector('[data-testid="player-video"]');
      if (v && v.paused && v.readyState >= 2) {
        v.muted = true;
        v.play().catch(() => {});
      }
      return v && v.currentTime > s;
    },
    seconds,
    { timeout: 60_000, polling: 200 },
  );
  const problem = await page.evaluate(() => document.querySelector('.player-error')?.textContent ?? null);
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
  await page.goto(`${baseUrl}/watch/${key}`);
  await page.getByText('Still processing — more qualities soon').waitFor({ timeout: 30_000 });
  await playsPast(1);
  await page.screenshot({ path: join(shots, 'watch-while-processing.png') });
  console.log('LIVE OK');
  // the test makes the video READY now: the page polls, takes the final playlists, plays on
  await page.getByText('Still processing — more qualities soon').waitFor({ state: 'detached', timeout: 30_000 });
  await page.getByRole('link', { name: 'Download MP4' }).waitFor({ timeout: 10_000 });
  await playsPast(4);
  await page.screenshot({ path: join(shots, 'watch-after-ready.png') });
  if (!s3.length || s3.some((status) => status >= 400)) throw new Error(`S3 answers: ${s3}`);
  if (errors.length) throw new Error(`page errors: ${errors}`);
  csp.assertNoCspViolations();
  console.log('FINAL OK');
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'live-failure.png') }).catch(() => undefined);
  console.log(`LIVE FAILED ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
