import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

// The UI's API types (schema.d.ts) are generated from the service's OpenAPI document, which
// OpenApiIT checks against the live API: UI and API cannot drift while this file is current.
describe('generated API types', () => {
  it('src/api/schema.d.ts is what `npm run gen:api` makes of openapi/reelroute.json', () => {
    const script = resolve(process.cwd(), 'scripts/gen-api.mjs'); // vitest runs in frontend/
    const run = spawnSync(process.execPath, [script, '--check'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  }, 60_000);
});
