// Vite for the console: the dev server (port CONSOLE_PORT, default 4200) proxies /v1 to
// catalog-service (CATALOG_URL, default http://127.0.0.1:3000) so the browser talks to one
// origin, as it does in production behind serve/console-server.mjs. The build goes to
// dist/apps/console.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const port = Number(process.env.CONSOLE_PORT ?? 4200);
const catalogUrl = process.env.CATALOG_URL ?? 'http://127.0.0.1:3000';

export default defineConfig({
  root,
  plugins: [react()],
  server: {
    port,
    strictPort: true,
    host: process.env.CONSOLE_HOST ?? '127.0.0.1',
    proxy: { '/v1': { target: catalogUrl, changeOrigin: true } },
  },
  preview: { port, strictPort: true },
  build: {
    outDir: fileURLToPath(new URL('../../dist/apps/console', import.meta.url)),
    emptyOutDir: true,
    sourcemap: true,
  },
});
