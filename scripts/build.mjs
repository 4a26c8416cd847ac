// Builds everything a user runs: the wasm core (dist/pkg), then each front end's build step
// (scripts/build-*.mjs, each exporting `build()`), in a fixed order.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
execFileSync('bash', [path.join(root, 'scripts/build-wasm.sh')], { stdio: 'inherit', cwd: root });
for (const step of ['build-page.mjs', 'build-extension.mjs']) {
  const file = path.join(root, 'scripts', step);
  if (existsSync(file)) {
    const mod = await import(file);
    await mod.build();
  }
}
