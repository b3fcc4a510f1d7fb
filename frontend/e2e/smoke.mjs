// Quick check that headless Chromium renders the served UI: node e2e/smoke.mjs <baseUrl> <png>
import { launchChromium } from './browser.mjs';
const [baseUrl, png] = process.argv.slice(2);
const browser = await launchChromium();
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
