// Bundles the Electron main process, the scorer utility process and the sandboxed preload.
// Native and WASM-carrying packages stay external: they load from node_modules (asar-unpacked when packaged).
import { build } from 'esbuild';

const external = ['electron', 'better-sqlite3', 'sharp', 'onnxruntime-node', 'exiftool-vendored', 'heic-decode', 'chokidar', 'ws'];
const common = { bundle: true, platform: 'node', target: 'node20', sourcemap: true, logLevel: 'info', external };

await build({
  ...common,
  entryPoints: { 'electron-main': 'src/main/electron/electron-main.ts', 'scorer-worker': 'src/main/scoring/scorer-worker.ts' },
  outdir: 'out/main',
  format: 'esm',
});
await build({
  ...common,
  entryPoints: { preload: 'src/preload/preload.ts' },
  outdir: 'out/preload',
  outExtension: { '.js': '.cjs' },
  format: 'cjs',
});
