/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// The built app is copied into the service's class path (web/) and served at '/';
// `npm run dev` proxies the API to a running service (REELROUTE_API, default http://localhost:8080).
export default defineConfig({
  plugins: [react()],
  build: { outDir: 'dist', assetsDir: 'assets', sourcemap: false, chunkSizeWarningLimit: 700 }, // hls.js is ~500 kB
  server: {
    proxy: {
      '/api': process.env.REELROUTE_API ?? 'http://localhost:8080',
      '/.well-known': process.env.REELROUTE_API ?? 'http://localhost:8080',
    },
  },
  test: {
    environment: 'jsdom',
    setupFiles: ['./src/test-setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
