// Builds packages/cli/dist/cli.js unless it is newer than every source it bundles. Run under
// `flock` by cli-bed.ts, so parallel test files build once and never run a half-written bundle.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const packages = join(import.meta.dirname, '../../../packages');
const bundle = join(packages, 'cli/dist/cli.js');
let newest = 0;
const walk = (dir) => {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) walk(path);
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
};
for (const pkg of ['cli', 'generic-adapter', 'core', 'aws-credentials', 'ecr-push', 'ssm-secret']) {
  for (const dir of ['src', 'action.yml']) {
    const path = join(packages, pkg, dir);
    if (!existsSync(path)) continue;
    if (statSync(path).isDirectory()) walk(path);
    else newest = Math.max(newest, statSync(path).mtimeMs);
  }
}
if (!(existsSync(bundle) && statSync(bundle).mtimeMs >= newest)) {
  execFileSync('pnpm', ['run', 'bundle'], { cwd: join(packages, 'cli'), stdio: 'ignore' });
}
