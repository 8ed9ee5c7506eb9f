import { defineConfig } from 'vite';

// JSX is compiled by Vite's built-in transform (tsconfig `jsx: react-jsx`); MUI and the grid go
// to their own chunks so the login page loads without them.
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
          if (id.includes('@mui/x-data-grid')) return 'grid';
          if (id.includes('@mui/') || id.includes('@emotion/')) return 'mui';
          if (id.includes('@apollo/') || id.includes('graphql')) return 'apollo';
          return undefined;
        },
      },
    },
  },
  server: { port: 5173 },
});
