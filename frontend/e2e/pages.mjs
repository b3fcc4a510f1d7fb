// Every page of the web UI, for the accessibility check (e2e/a11y.mjs, run by
// src/test/java/io/reelroute/e2e/AccessibilityBrowserIT.java). ONE ENTRY PER ROUTE: a page added to
// the app (any <Route path="..."> under src/) must be listed here, or src/a11y-pages.test.ts (in
// `npm test`) and the browser check itself fail, naming the route. docs/CONVENTIONS.md says so.
//
//   route    the <Route path> it covers, exactly as written in the source
//   path     the URL to open; ctx has videoKey (a READY public video of the signed-in user),
//            handle (their channel), email, playlistId (a public playlist holding that video),
//            takenDownKey (another channel's READY video, taken down; the signed-in user is an admin)
//   as       'signed-out', 'signed-in' or both: each is checked separately
//   states   optional extra states of the page worth checking (a menu open, a form expanded):
//            { name, when?, open: async (page, ctx) => ... }, each checked after the one before
//            (and the page as it loads), in order
export const PAGES = [
  {
    route: '/',
    path: () => '/',
    as: ['signed-out', 'signed-in'],
    states: [
      {
        name: 'notifications open',
        when: 'signed-in',
        open: async (page) => {
          await page.getByRole('button', { name: /^Notifications/ }).click();
          await page.getByRole('region', { name: 'Notifications' }).waitFor();
        },
      },
    ],
  },
  { route: '/', name: 'search without results', path: () => '/?q=zzzz-no-such-video', as: ['signed-out'] },
  {
    route: '/watch/:videoKey',
    path: (c) => `/watch/${c.videoKey}`,
    as: ['signed-out', 'signed-in'],
    ready: '[data-testid="player-video"]',
  },
  {
    route: '/watch/:videoKey',
    name: 'taken-down video reviewed by a moderator',
    path: (c) => `/watch/${c.takenDownKey}`,
    as: ['signed-in'], // the a11y user is an admin; the video is another channel's
    ready: '[data-testid="player-video"]',
  },
  { route: '/u/:handle', path: (c) => `/u/${c.handle}`, as: ['signed-out', 'signed-in'] },
  { route: '/signup', path: () => '/signup', as: ['signed-out'] },
  { route: '/confirm', path: (c) => `/confirm?email=${encodeURIComponent(c.email)}`, as: ['signed-out'] },
  { route: '/login', path: () => '/login', as: ['signed-out'] },
  { route: '/forgot-password', path: () => '/forgot-password', as: ['signed-out'] },
  { route: '/upload', path: () => '/upload', as: ['signed-in'] },
  {
    route: '/me/videos',
    path: () => '/me/videos',
    as: ['signed-in'],
    states: [
      {
        name: 'editing the READY video (metadata and captions)',
        open: async (page, c) => {
          const item = page.locator('li.my-item').filter({ has: page.locator(`a[href="/watch/${c.videoKey}"]`) });
          await item.getByRole('button', { name: 'Edit' }).click();
          await item.getByRole('heading', { name: 'Captions' }).waitFor();
        },
      },
      {
        name: 'delete confirmation',
        open: async (page) => {
          await page.getByRole('button', { name: 'Delete' }).first().click();
          await page.getByRole('alertdialog').waitFor();
        },
      },
    ],
  },
  { route: '/subscriptions', path: () => '/subscriptions', as: ['signed-in'] },
  { route: '/playlists', path: () => '/playlists', as: ['signed-in'] },
  {
    route: '/playlist/:id',
    path: (c) => `/playlist/${c.playlistId}`,
    as: ['signed-out', 'signed-in'],
    ready: '[data-testid="player-video"]',
  },
  { route: '/moderation', path: () => '/moderation', as: ['signed-in'] }, // the a11y user is an admin
  { route: '/admin', path: () => '/admin', as: ['signed-in'] },
  { route: '/me/account', path: () => '/me/account', as: ['signed-in'] }, // account, storage and webhooks
  { route: '/embed/:videoKey', path: (c) => `/embed/${c.videoKey}`, as: ['signed-out'], ready: '[data-testid="player-video"]' },
  { route: '*', name: 'page not found', path: () => '/me/no-such-page', as: ['signed-out'] },
];

/** The <Route path="..."> values of the app's source files (src/**\/*.tsx, tests aside). */
export async function appRoutes(srcDir) {
  const { readdir, readFile } = await import('node:fs/promises');
  const { join } = await import('node:path');
  const routes = new Set();
  const walk = async (dir) => {
    for (const entry of await readdir(dir, { withFileTypes: true })) {
      const file = join(dir, entry.name);
      if (entry.isDirectory()) await walk(file);
      else if (/\.tsx$/.test(entry.name) && !/\.test\.tsx$/.test(entry.name)) {
        const text = await readFile(file, 'utf8');
        for (const m of text.matchAll(/<Route\b[^>]*?\bpath=(?:"([^"]+)"|'([^']+)'|\{\s*['"`]([^'"`]+)['"`]\s*\})/g)) {
          routes.add(m[1] ?? m[2] ?? m[3]);
        }
      }
    }
  };
  await walk(srcDir);
  return [...routes].sort();
}

/** Routes of the app that no entry of PAGES covers. */
export async function uncoveredRoutes(srcDir) {
  const listed = new Set(PAGES.map((p) => p.route));
  return (await appRoutes(srcDir)).filter((r) => !listed.has(r));
}
