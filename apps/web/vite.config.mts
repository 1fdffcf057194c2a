import path from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(webDir, '../..');

/**
 * The libraries are consumed as TypeScript source (no build step of their own), and the bundle goes
 * to <repo>/dist/web, which the API serves at `/` when WEB_DIR points there.
 */
export default defineConfig({
  root: webDir,
  plugins: [react()],
  resolve: {
    alias: {
      '@app/shared': path.join(repoRoot, 'libs/shared/src/index.ts'),
      '@app/client': path.join(repoRoot, 'libs/client/src/index.ts'),
    },
  },
  build: {
    outDir: path.join(repoRoot, 'dist/web'),
    emptyOutDir: true,
    // No public source maps: the bundle is served as is to anyone who asks.
    sourcemap: false,
  },
  server: {
    port: 5173,
    // The page calls /api on its own origin; the socket URL comes from the endpoint route.
    proxy: {
      '/api': 'http://localhost:3000',
      '/socket.io': { target: 'http://localhost:3001', ws: true },
    },
  },
});
