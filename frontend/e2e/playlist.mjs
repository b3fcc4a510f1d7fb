// A playlist page plays through in headless Chromium: the first video plays, and when it ends the
// next one starts by itself (real playback API, hls.js, presigned segments). Driven by
// src/test/java/io/reelroute/playlists/PlaylistBrowserIT.java:
//   node e2e/playlist.mjs <baseUrl> <playlistId> <firstTitle> <secondTitle> <screenshotDir>
import { launchChromium, watchCsp } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, id, first, second, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await launchChromium();
let page;
try {
  page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const csp = watchCsp(page);
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  await page.goto(`${baseUrl}/playlist/${id}`);
  await page.waitForSelector(`[data-testid="player-video"][aria-label="Video: ${first}"]`, { timeout: 30_000 });
  // the viewer presses play; then we skip to just before the end
  await page.waitForFunction(
    () => {
      const v = document.querySelector('[data-testid="player-video"]');
      if (v && v.paused && v.readyState >= 2) v.play().catch(() => {});
      return v && v.currentTime > 0.2 && Number.isFinite(v.duration);
    },
    null,
    { timeout: 60_000, polling: 200 },
  );
  console.log(`PLAYING ${first}`);
  await page.evaluate(() => {
    const v = document.querySelector('[data-testid="player-video"]');
    v.currentTime = Math.max(0, v.duration - 0.5);
  });
  // it ends, and the next one plays without a click
  await page.waitForFunction(
    (title) => {
      const v = document.querySelector('[data-testid="player-video"]');
      return v && v.getAttribute('aria-label') === `Video: ${title}` && v.currentTime > 0.2 && !v.paused;
    },
    second,
    { timeout: 60_000, polling: 200 },
  );
  const current = await page.evaluate(() => document.querySelector('.playlist-entries [aria-current="true"]')?.textContent ?? '');
  if (!current.includes(second)) throw new Error(`the list marks "${current}" as playing`);
  console.log(`PLAYING ${second}`);
  await page.screenshot({ path: join(shots, 'playlist.png') });
  if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
  csp.assertNoCspViolations();
  console.log('PLAYLIST OK');
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'playlist-failed.png') }).catch(() => {});
  console.log(`PLAYLIST FAILED: ${e.message}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
