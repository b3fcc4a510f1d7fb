// The moderation walk of issue 15, part of run.mjs (BrowserE2EIT): a second user reports the
// uploaded video -> the admin (reelroute.admin.emails, signed up by the Java test) takes it down
// from the moderation page -> a visitor gets "Video not found" -> the owner sees the reason on the
// watch page and appeals once.
import { join } from 'node:path';

async function logIn(page, baseUrl, email, password) {
  await page.goto(`${baseUrl}/login`);
  await page.getByLabel('Email').fill(email);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Log in' }).click();
  await page.getByRole('button', { name: 'Log out' }).waitFor();
}

async function logOut(page) {
  await page.getByRole('button', { name: 'Log out' }).click();
  await page.getByRole('link', { name: 'Log in' }).waitFor();
}

export async function moderationWalk(page, { baseUrl, ask, step, shots, owner, admin, watchUrl, title }) {
  // Four logins from one browser: the test app trusts X-Forwarded-For (as TestUsers does), so the
  // walk's identity calls come from an address of their own, clear of the per-address login limit
  // that the other tests of the JVM may have used up from 127.0.0.1.
  const ip = `10.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}.${1 + Math.floor(Math.random() * 250)}`;
  await page.route('**/api/auth/**', (route) => route.continue({ headers: { ...route.request().headers(), 'x-forwarded-for': ip } }));
  step('a second user reports the video');
  await logOut(page);
  const reporter = { email: `e2e-reporter-${Date.now()}@example.com`, password: 'another correct horse staple' };
  await page.goto(`${baseUrl}/signup`);
  await page.getByLabel('Display name').fill('E2E Reporter');
  await page.getByLabel('Email').fill(reporter.email);
  await page.getByLabel('Password').fill(reporter.password);
  await page.getByRole('button', { name: 'Sign up' }).click();
  await page.getByRole('heading', { name: 'Confirm your email' }).waitFor();
  const code = await ask(`NEED_CODE ${reporter.email}`);
  await page.getByLabel('Code').fill(code);
  await page.getByRole('button', { name: 'Confirm' }).click();
  await page.getByRole('heading', { name: 'Log in' }).waitFor();
  await logIn(page, baseUrl, reporter.email, reporter.password);
  if (await page.getByRole('link', { name: 'Moderation' }).count()) throw new Error('a plain user sees the Moderation link');
  await page.goto(watchUrl);
  await page.getByRole('button', { name: 'Report this video' }).click();
  await page.getByLabel('Reason').selectOption('spam');
  await page.getByLabel('What is wrong (optional)').fill('Links to a scam in the description');
  await page.getByRole('button', { name: 'Send report' }).click();
  await page.getByText('Reported. Thank you').waitFor();
  await logOut(page);

  step('the admin takes it down from the moderation queue');
  await logIn(page, baseUrl, admin.email, admin.password);
  await page.getByRole('link', { name: 'Moderation' }).click();
  const report = page.getByTestId('report').filter({ hasText: title }).first();
  await page.getByTestId('report').first().waitFor();
  // the open queue is oldest first: page on until this report shows
  for (let i = 0; i < 50 && !(await report.count()); i++) {
    const more = page.getByRole('button', { name: 'More reports' });
    if (!(await more.count())) break;
    await more.click();
    await page.waitForTimeout(300);
  }
  await report.waitFor();
  await report.getByRole('button', { name: 'Take down' }).click();
  const reason = 'Scam links (e2e)';
  await report.getByLabel(/Reason for/).fill(reason);
  await report.getByRole('button', { name: 'Confirm take down' }).click();
  await page.getByRole('status').filter({ hasText: 'Video taken down.' }).waitFor();
  await page.screenshot({ path: join(shots, 'moderation.png'), fullPage: true });
  await logOut(page);

  step('a visitor no longer finds it');
  await page.goto(watchUrl);
  await page.getByRole('heading', { name: 'Video not found' }).waitFor();

  step('the owner sees the reason and appeals');
  await logIn(page, baseUrl, owner.email, owner.password);
  await page.goto(watchUrl);
  await page.getByRole('heading', { name: 'This video was taken down by a moderator' }).waitFor();
  const shown = await page.getByTestId('takedown-reason').innerText();
  if (shown !== reason) throw new Error(`the owner saw the reason "${shown}"`);
  await page.getByRole('button', { name: 'Appeal', exact: true }).click();
  await page.getByLabel('Why should it be restored?').fill('These are my own links, not a scam');
  await page.getByRole('button', { name: 'Send appeal' }).click();
  await page.getByText('Your appeal is waiting for a moderator').waitFor();
  if (await page.getByRole('button', { name: 'Appeal', exact: true }).count()) throw new Error('a second appeal was offered');
  await page.screenshot({ path: join(shots, 'takedown.png'), fullPage: true });
  await page.unroute('**/api/auth/**');
  console.log(`MODERATION reported, taken down ("${reason}"), hidden from visitors, appealed by the owner`);
}
