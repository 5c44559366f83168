import { defineConfig } from 'vitest/config';

export default defineConfig({
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
