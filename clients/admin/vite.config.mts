import { defineConfig } from 'vite';

// JSX is compiled by Vite's built-in transform (tsconfig `jsx: react-jsx`). MUI and Apollo get
// chunks of their own (cached across releases that only change the app); the data grid is loaded
// with the first page that shows one.
export default defineConfig({
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // MUI marks its modules 'use client' (for React Server Components): meaningless in this SPA.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
      output: {
        manualChunks: (id) => {
          // The data grid stays with the pages that use it (loaded on demand), not with MUI's core.
          if (id.includes('@mui/x-')) return undefined;
          if (id.includes('@mui/') || id.includes('@emotion/')) return 'mui';
          if (id.includes('@apollo/') || id.includes('graphql')) return 'apollo';
          return undefined;
        },
      },
    },
  },
  server: { port: 5173 },
});
