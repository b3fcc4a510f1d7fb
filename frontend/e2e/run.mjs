// End-to-end browser test (issue 6), driven by src/test/java/io/reelroute/e2e/BrowserE2EIT.java:
//   node e2e/run.mjs <baseUrl> <clip.mp4> <screenshotDir>
// Headless Debian Chromium through playwright-core: sign up -> code from the local mailbox (asked
// of the Java test over stdin/stdout) -> confirm -> log in -> upload, watching the progress bar
// move -> wait for READY -> watch: plays past 2 s, no player error -> switch quality -> reload,
// plays again -> like and comment -> (issue 15, when E2E_ADMIN_EMAIL/E2E_ADMIN_PASSWORD name the
// admin) another user reports the video, the admin takes it down, the owner sees the reason and
// appeals -> log out. Screenshots of the home, upload and watch pages go to <screenshotDir>.
import { launchChromium, watchCsp } from './browser.mjs';
import { moderationWalk } from './moderation.mjs';
import { createInterface } from 'node:readline';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, clip, shots] = process.argv.slice(2);
if (!baseUrl || !clip || !shots) {
  console.error('usage: node e2e/run.mjs <baseUrl> <clip.mp4> <screenshotDir>');
  process.exit(2);
}
mkdirSync(shots, { recursive: true });

const lines = createInterface({ input: process.stdin });
const pending = [];
lines.on('line', (line) => pending.shift()?.(line.trim()));
const ask = (question) =>
  new Promise((resolve) => {
    pending.push(resolve);
    console.log(question);
  });

const step = (text) => console.log(`STEP ${text}`);

async function playsPast(page, seconds, timeoutMs = 60_000) {
  await page.waitForFunction(
    (s) => {
      const v = document.querySelector('[data-testid="player-video"]');
      if (v && v.paused && v.readyState >= 2) v.play().catch(() => {});
      return v && v.currentTime > s;
    },
    seconds,
    { timeout: timeoutMs, polling: 250 },
  );
  const problem = await page.evaluate(() => {
    const v = document.querySelector('[data-testid="player-video"]');
    return document.querySelector('.player-error')?.textContent ?? (v?.error ? `media error ${v.error.code}` : null);
  });
  if (problem) throw new Error(`player error: ${problem}`);
}

const browser = await launchChromium();
let page;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  page = await context.newPage();
  const csp = watchCsp(page);
  const consoleErrors = [];
  page.on('console', (m) => {
    if (m.type() === 'error') {
      consoleErrors.push(m.text());
      console.log(`CONSOLE ${m.text()}`);
    }
  });
  page.on('pageerror', (e) => console.log(`PAGEERROR ${e.message}`));
  page.setDefaultTimeout(20_000);

  const email = `e2e-${Date.now()}@example.com`;
  const password = 'correct horse battery staple';

  step('sign up');
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Display name').fill('E2E Viewer');
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();

  step('confirm with the emailed code');
  const code = await ask(`NEED_CODE ${email}`);
  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();

  step('log in');
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
  await page.screenshot({ path: join(shots, 'home.png'), fullPage: true });

  step('upload');
  await page.getByRole('link', { name: 'Upload', exact: true }).click();
  await page.locator('#file').setInputFiles(clip);
  await page.getByLabel('Title').fill('E2E clip');
  await page.getByLabel('Description').fill('Made by the browser test');
  // record every value the progress bar shows
  await page.evaluate(() => {
    window.__progress = [];
    new MutationObserver(() => {
      const bar = document.querySelector('progress[aria-label="Upload progress"]');
      if (bar) window.__progress.push(Number(bar.getAttribute('value')));
    }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['value'] });
  });
  // a slow uplink (~3 MB/s), so the bar has time to move on a fast local machine
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 20,
    downloadThroughput: -1,
    uploadThroughput: 3 * 1024 * 1024,
  });
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page
    .getByTestId('upload-progress')
    .waitFor()
    .catch(() => undefined);
  await page
    .waitForFunction(() => Number(document.querySelector('progress[aria-label="Upload progress"]')?.getAttribute('value')) >= 20, null, {
      timeout: 60_000,
    })
    .catch(() => undefined);
  await page.screenshot({ path: join(shots, 'upload.png'), fullPage: true });
  await page
    .getByTestId('processing')
    .or(page.getByRole('link', { name: 'Watch it now' }))
    .or(page.locator('.upload .form-error, .upload .error-panel'))
    .first()
    .waitFor({ timeout: 120_000 });
  const refused = page.locator('.upload .form-error, .upload .error-panel');
  if (await refused.count()) throw new Error(`upload refused: ${await refused.first().innerText()}`);
  await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
  const seen = await page.evaluate(() => window.__progress);
  const distinct = [...new Set(seen)];
  if (distinct.filter((v) => v > 0 && v < 100).length < 2) {
    throw new Error(`the upload progress bar did not move: ${JSON.stringify(distinct)}`);
  }
  console.log(`PROGRESS ${JSON.stringify(distinct)}`);
  await page.screenshot({ path: join(shots, 'processing.png'), fullPage: true });

  step('wait for READY');
  const watchLink = page.getByRole('link', { name: 'Watch it now' });
  await watchLink.waitFor({ timeout: 240_000 });
  await watchLink.click();

  step('play');
  await page.getByTestId('player-video').waitFor();
  await playsPast(page, 2);

  step('switch quality');
  const quality = page.getByRole('combobox', { name: 'Quality' });
  await quality.waitFor();
  const options = await quality.locator('option').allTextContents();
  if (options.length < 2) throw new Error(`quality menu: ${options}`);
  const rung = options[options.length - 1];
  await quality.selectOption({ label: rung });
  const before = await page.evaluate(() => document.querySelector('[data-testid="player-video"]').currentTime);
  await playsPast(page, before + 1);
  console.log(`QUALITY ${JSON.stringify(options)} -> ${rung}`);
  await page.screenshot({ path: join(shots, 'watch.png'), fullPage: true });

  step('notification bell');
  const bell = page.getByRole('button', { name: /Notifications, \d+ unread/ });
  await bell.waitFor({ timeout: 40_000 });
  await bell.click();
  const note = page.getByRole('region', { name: 'Notifications' }).getByRole('link').first();
  await note.waitFor();
  console.log(`NOTIFICATION ${await note.innerText()}`);
  await page.keyboard.press('Escape');

  step('reload the watch page');
  await page.reload();
  await page.getByTestId('player-video').waitFor();
  await playsPast(page, 2);
  await page.getByRole('button', { name: 'Log out' }).waitFor();

  step('like and comment (issue 8)');
  const like = page.getByRole('button', { name: /^Like \d+$/ });
  await like.waitFor();
  await page.waitForFunction(() => {
    const b = [...document.querySelectorAll('.reactions button')];
    return b.length === 2 && b.every((x) => !x.disabled);
  });
  await like.click();
  await page.locator('.reactions button[aria-pressed="true"]', { hasText: '1' }).waitFor();
  const remark = 'Nice clip! <b>not bold</b>';
  await page.getByRole('textbox', { name: 'Add a comment' }).fill(remark);
  await page.getByRole('button', { name: 'Comment', exact: true }).click();
  await page.locator('.comment-body', { hasText: remark }).waitFor();
  if (await page.locator('.comment-body b').count()) throw new Error('comment markup was rendered as HTML');
  await page.getByRole('heading', { name: '1 comment' }).waitFor();
  // after a reload the counts come from the API
  await page.reload();
  await page.getByRole('button', { name: 'Like 1' }).waitFor();
  await page.locator('.reactions button[aria-pressed="true"]').waitFor();
  await page.locator('.comment-body', { hasText: remark }).waitFor();
  await page.screenshot({ path: join(shots, 'social.png'), fullPage: true });

  if (process.env.E2E_ADMIN_EMAIL) {
    await moderationWalk(page, {
      baseUrl,
      ask,
      step,
      shots,
      owner: { email, password },
      admin: { email: process.env.E2E_ADMIN_EMAIL, password: process.env.E2E_ADMIN_PASSWORD },
      watchUrl: page.url(),
      title: 'E2E clip',
    });
  }

  step('log out');
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('link', { name: 'Log in' }).waitFor();
  if (consoleErrors.length) console.log(`CONSOLE_ERRORS ${JSON.stringify(consoleErrors.slice(0, 10))}`);
  csp.assertNoCspViolations(); // the page's content security policy let everything load
  console.log('E2E OK');
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'failure.png'), fullPage: true }).catch(() => undefined);
  console.log(`E2E FAILED ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  lines.close();
  await browser.close();
}
