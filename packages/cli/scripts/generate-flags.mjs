// Generates src/flags.generated.ts from each capability's action.yml: the CLI's flags are the
// GitHub input names, with their descriptions and defaults, never copied by hand.
// Run by `pnpm bundle` (and `pnpm generate`); a test fails when the file is stale. JSON, so the
// formatter leaves it as generated.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';

const root = join(import.meta.dirname, '..', '..');
const capabilities = { credentials: 'aws-credentials', 'ecr-push': 'ecr-push', 'ssm-secret': 'ssm-secret' };

export function generateFlags() {
  const out = {};
  for (const [command, pkg] of Object.entries(capabilities)) {
    const action = parse(readFileSync(join(root, pkg, 'action.yml'), 'utf8'));
    out[command] = {
      summary: String(action.description ?? '')
        .replace(/\s+/g, ' ')
        .trim(),
      flags: Object.entries(action.inputs ?? {}).map(([name, spec]) => ({
        name,
        description: String(spec.description ?? '')
          .replace(/\s+/g, ' ')
          .trim(),
        ...(spec.default !== undefined && spec.default !== '' ? { default: String(spec.default) } : {}),
      })),
    };
  }
  return `${JSON.stringify(out, null, 2)}\n`;
}

if (process.argv[1] === import.meta.filename) {
  writeFileSync(join(import.meta.dirname, '..', 'src', 'action-flags.generated.json'), generateFlags());
}
