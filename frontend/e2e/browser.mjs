// Headless Debian Chromium for the browser tests (playwright-core drives the system browser; set
// CHROMIUM_PATH for another one).
import { chromium } from 'playwright-core';

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM_PATH || '/usr/bin/chromium',
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--autoplay-policy=no-user-gesture-required',
    ],
  });
}

/**
 * Collects the page's Content Security Policy violations (Chromium reports each as a console
 * error); a test calls assertNoCspViolations() before it passes.
 */
export function watchCsp(page) {
  const violations = [];
  page.on('console', (m) => {
    if (m.text().includes('Content Security Policy')) violations.push(m.text());
  });
  return {
    violations,
    assertNoCspViolations() {
      if (violations.length) throw new Error(`CSP violations: ${JSON.stringify(violations.slice(0, 5))}`);
    },
  };
}
