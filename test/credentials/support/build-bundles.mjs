// Builds packages/aws-credentials/dist/{github,azure}.js unless they are newer than every source
// they bundle. Run under `flock` by bed.ts, so parallel test files build once and never run a
// half-written bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const packages = join(dirname(fileURLToPath(import.meta.url)), '../../../packages');
const bundles = ['github', 'azure'].map((name) => join(packages, 'aws-credentials/dist', `${name}.js`));
let newest = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
};
for (const dir of ['aws-credentials/src', 'core/src', 'gha-adapter/src', 'azdo-adapter/src']) {
  if (existsSync(join(packages, dir))) walk(join(packages, dir));
}
const fresh = bundles.every((file) => existsSync(file) && statSync(file).mtimeMs >= newest);
if (!fresh) {
  execFileSync('pnpm', ['--filter', '@aws-ci-kit/aws-credentials', 'bundle'], {
    cwd: join(packages, 'aws-credentials'),
    stdio: 'ignore',
  });
}
