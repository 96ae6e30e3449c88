import path from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = import.meta.dirname;

export default defineConfig({
  root: path.join(root, 'src/renderer'),
  // Relative asset URLs: the page is loaded from app:// in Electron and from the bridge in tests.
  base: './',
  plugins: [react()],
  build: {
    outDir: path.join(root, 'out/renderer'),
    emptyOutDir: true,
    target: 'chrome120',
    // Inlined assets would arrive as data: URLs, which the CSP does not allow.
    assetsInlineLimit: 0,
    sourcemap: true,
  },
});
