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
    server: {
      deps: {
        // @actions/workflow-parser imports its JSON schemas without `with { type: 'json' }`, which node
        // 20 refuses; vite transforms them instead (test/release/manifests.test.ts).
        inline: ['@actions/workflow-parser'],
      },
    },
  },
});
