import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitest/config';

const WORKFLOW_PARSER = /[\\/]@actions[\\/]workflow-parser[\\/]dist[\\/].*\.js$/;

export default defineConfig({
  plugins: [
    {
      // Its published source maps point at sources it does not ship: drop them, not a warning per file.
      name: 'workflow-parser-without-source-maps',
      enforce: 'pre',
      load: (id) =>
        WORKFLOW_PARSER.test(id)
          ? readFileSync(id, 'utf8').replace(/^\/\/# sourceMappingURL=.*$/m, '')
          : null,
    },
  ],
  test: {
    // Every suite here waits on real processes (node, esbuild, moto, registries, CI runners), on a fresh
    // machine with cold caches too: vitest's 5 s default failed a one-package esbuild rebuild there.
    // A test that bounds its own wait (a deadline, a hang check) still asserts it itself.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    server: {
      deps: {
        // @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`, which node
        // 20 refuses; vite transforms them instead (test/release/manifests.test.ts).
        inline: ['@actions/workflow-parser'],
      },
    },
  },
});
