// Quick check that headless Chromium renders the served UI: node e2e/smoke.mjs <baseUrl> <png>
import { chromium } from 'playwright-core';
const [baseUrl, png] = process.argv.slice(2);
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
});
try {
  const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
  page.on('console', (m) => console.log('console:', m.type(), m.text()));
  page.on('pageerror', (e) => console.log('pageerror:', e.message));
  await page.goto(`${baseUrl}/watch/abcdefghijk`);
  await page.getByRole('link', { name: 'Reelroute home' }).waitFor();
  await page.waitForTimeout(1500);
  if (png) await page.screenshot({ path: png, fullPage: true });
  console.log(await page.locator('main').innerText());
} finally {
  await browser.close();
}
