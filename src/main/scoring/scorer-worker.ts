/**
 * The scorer process. The app runs this module as an Electron utilityProcess, the CLI and the
 * tests as a Node child process; only the message port differs.
 */
import { closeExiftool, exiftoolPids } from '../formats/exiftool-process.ts';
import { BlurModel } from './blur-model.ts';
import { loadModelCard } from './model-card.ts';
import { PhotoScorer, toCrispError } from './photo-scorer.ts';
import type { HostToWorker, WorkerToHost } from './scorer-protocol.ts';

interface ParentPort {
  on(event: 'message', cb: (e: { data: unknown }) => void): void;
  postMessage(msg: unknown): void;
}

const electronPort = (process as unknown as { parentPort?: ParentPort }).parentPort;

function post(msg: WorkerToHost): void {
  if (electronPort) electronPort.postMessage(msg);
  else process.send?.(msg);
}

function onMessage(cb: (msg: HostToWorker) => void): void {
  if (electronPort) electronPort.on('message', (e) => cb(e.data as HostToWorker));
  else process.on('message', (m) => cb(m as HostToWorker));
}

// Fault injection for the crash-recovery tests: a path containing this string kills the process.
const crashPattern = process.env.CRISP_TEST_CRASH_ON_PATH;

let model: BlurModel | null = null;
let scorer: PhotoScorer | null = null;

// The host ends these if this process dies hard: it cannot end them itself then.
let reportedChildren = '';
function reportChildren(): void {
  const pids = exiftoolPids().sort((a, b) => a - b);
  if (pids.join() === reportedChildren) return;
  reportedChildren = pids.join();
  post({ type: 'children', pids });
}
setInterval(reportChildren, 1000).unref();

onMessage(async (msg) => {
  switch (msg.type) {
    case 'init': {
      try {
        const loaded = loadModelCard(msg.init.modelCardPath);
        model = await BlurModel.load(loaded, msg.init.providerPolicy);
        const threshold = msg.init.threshold ?? loaded.card.threshold;
        scorer = new PhotoScorer(model, { level: msg.init.level, threshold, thumbDir: msg.init.thumbDir, pixelLimit: msg.init.pixelLimit });
        post({
          type: 'ready',
          ready: {
            modelId: loaded.card.id, modelVersion: loaded.card.version, level: msg.init.level, threshold,
            provider: model.provider, fallbackReason: model.fallbackReason,
          },
        });
      } catch (err) {
        post({ type: 'fatal', error: toCrispError(err) });
      }
      break;
    }
    case 'score': {
      if (!model || !scorer) {
        post({ type: 'result', jobId: msg.request.jobId, outcome: { ok: false, error: { code: 'NOT_READY', message: 'scorer not initialised' } } });
        return;
      }
      if (crashPattern && msg.request.path.includes(crashPattern)) process.kill(process.pid, 'SIGKILL');
      const outcome = await scorer.score(msg.request);
      reportChildren();
      post({ type: 'result', jobId: msg.request.jobId, outcome });
      break;
    }
    case 'shutdown':
      await model?.release();
      await closeExiftool();
      reportChildren();
      process.exit(0);
  }
});

process.on('disconnect', () => {
  // The host is gone (killed): take this process group, exiftool's perl included, down too.
  if (process.platform !== 'win32') {
    try {
      process.kill(-process.pid, 'SIGKILL');
    } catch {
      // not a group leader (Electron's utility process)
    }
  }
  process.exit(0);
});
