import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

interface PagesModule {
  PAGES: { route: string }[];
  appRoutes(srcDir: string): Promise<string[]>;
  uncoveredRoutes(srcDir: string): Promise<string[]>;
}

// The accessibility check (e2e/a11y.mjs in the Chromium test) visits the pages e2e/pages.mjs
// lists; a route added to the app without an entry there fails here, before any browser runs.
describe('accessibility page list', () => {
  it('covers every route of the app', async () => {
    const pages = (await import(/* @vite-ignore */ resolve(process.cwd(), 'e2e/pages.mjs'))) as PagesModule;
    const src = resolve(process.cwd(), 'src');
    const routes = await pages.appRoutes(src);
    expect(routes).toContain('/watch/:videoKey'); // the scan finds the app's routes
    expect(routes.length).toBeGreaterThan(10);
    expect(await pages.uncoveredRoutes(src)).toEqual([]);
  });
});
