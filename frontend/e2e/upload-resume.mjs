// A multipart upload in headless Chromium against the real catalog API and S3 (issue 4/6), with the
// connection of one part dropped: the page retries that part with a fresh URL and completes.
// Driven by src/test/java/io/reelroute/e2e/UploadResumeBrowserIT.java:
//   node e2e/upload-resume.mjs <baseUrl> <refreshToken> <file> <screenshotDir>
import { launchChromium, watchCsp } from './browser.mjs';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';

const [baseUrl, refreshToken, file, shots] = process.argv.slice(2);
mkdirSync(shots, { recursive: true });
const browser = await launchChromium();
let page;
try {
  const context = await browser.newContext();
  // a signed-in session, as after a reload: the app renews it from the stored refresh token
  await context.addInitScript((token) => {
    if (!sessionStorage.getItem('seeded')) {
      localStorage.setItem('reelroute.refreshToken', token);
      sessionStorage.setItem('seeded', '1');
    }
  }, refreshToken);
  page = await context.newPage();
  const csp = watchCsp(page);
  page.on('pageerror', (e) => console.log(`PAGEERROR ${e.message}`));
  const log = [];
  let dropped = false;
  await page.route(/partNumber=2(&|$)/, async (route) => {
    if (!dropped && route.request().method() === 'PUT') {
      dropped = true;
      log.push('DROP part 2');
      return route.abort('connectionreset');
    }
    log.push('PUT part 2 again');
    return route.continue();
  });
  page.on('request', (r) => {
    if (r.url().includes('/api/upload')) log.push(`${r.method()} ${new URL(r.url()).pathname}`);
  });
  page.on('response', (r) => {
    if (r.url().includes('/complete')) log.push(`complete -> ${r.status()}`);
  });
  await page.goto(`${baseUrl}/upload?multipart=1`);
  await page.locator('#file').setInputFiles(file);
  await page.getByLabel('Title').fill('Multipart resume');
  await page.getByRole('button', { name: 'Upload', exact: true }).click();
  await page
    .getByTestId('processing')
    .or(page.getByRole('link', { name: 'Watch it now' }))
    .or(page.locator('.upload .form-error, .upload .error-panel'))
    .first()
    .waitFor({ timeout: 120_000 });
  await page.screenshot({ path: join(shots, 'upload-resumed.png') });
  const refused = page.locator('.upload .form-error');
  if (await refused.count()) throw new Error(`upload refused: ${await refused.first().innerText()}`);
  console.log(`LOG ${JSON.stringify(log)}`);
  if (!dropped) throw new Error('part 2 was never sent');
  const afterDrop = log.slice(log.indexOf('DROP part 2'));
  if (!afterDrop.some((l) => l.endsWith('/parts'))) throw new Error('no fresh part URL was asked for');
  if (!afterDrop.includes('PUT part 2 again')) throw new Error('part 2 was not sent again');
  if (!log.includes('complete -> 200')) throw new Error('the upload was not completed');
  csp.assertNoCspViolations(); // the page's content security policy let everything load
  console.log('RESUME OK');
} catch (e) {
  if (page) await page.screenshot({ path: join(shots, 'upload-resume-failure.png') }).catch(() => undefined);
  console.log(`RESUME FAILED ${e?.stack ?? e}`);
  process.exitCode = 1;
} finally {
  await browser.close();
}
