// ORT CPU benchmark + parity helper for the Crisp blur model.
// node training/ort_check.cjs [tiles.f32 N]  -> prints JSON outputs for the given tiles,
// otherwise benchmarks a 2048x1365 image = 176 tiles (16 x 11, stride 128) in one batch.
const ort = require('onnxruntime-node');
const fs = require('fs');
const path = require('path');
(async () => {
  const model = path.join(__dirname, '..', 'resources', 'models', 'crisp-blur.onnx');
  const threads = parseInt(process.env.ORT_THREADS || '2', 10);
  const s = await ort.InferenceSession.create(model, { intraOpNumThreads: threads, interOpNumThreads: 1, graphOptimizationLevel: 'all' });
  if (process.argv[2]) {
    const n = parseInt(process.argv[3], 10);
    const buf = fs.readFileSync(process.argv[2]);
    const data = new Float32Array(buf.buffer, buf.byteOffset, n * 3 * 128 * 128);
    const out = await s.run({ tiles: new ort.Tensor('float32', data, [n, 3, 128, 128]) });
    console.log(JSON.stringify({ blur: Array.from(out.blur.data), motion: Array.from(out.motion.data), texture: Array.from(out.texture.data), ...(out.isotropy ? { isotropy: Array.from(out.isotropy.data) } : {}), ...(out.crisp ? { crisp: Array.from(out.crisp.data) } : {}) }));
    return;
  }
  const n = 176;
  const data = new Float32Array(n * 3 * 128 * 128);
  for (let i = 0; i < data.length; i++) data[i] = Math.random();
  const feeds = { tiles: new ort.Tensor('float32', data, [n, 3, 128, 128]) };
  for (let i = 0; i < 3; i++) await s.run(feeds);
  const times = [];
  for (let i = 0; i < 10; i++) { const t = process.hrtime.bigint(); await s.run(feeds); times.push(Number(process.hrtime.bigint() - t) / 1e6); }
  times.sort((a, b) => a - b);
  console.log(JSON.stringify({ tiles: n, threads, medianMs: times[5], minMs: times[0] }));
})();
