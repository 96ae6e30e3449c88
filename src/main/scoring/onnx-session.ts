import os from 'node:os';
import { decodeConcurrency } from './scorer-concurrency.ts';
import * as ort from 'onnxruntime-node';

export type ProviderPolicy = 'auto' | 'cpu' | 'cuda' | 'dml' | 'coreml' | 'webgpu';

export interface OpenedSession {
  session: ort.InferenceSession;
  provider: string;
  /** Why the GPU provider was not used, when the policy wanted one. */
  fallbackReason: string | null;
}

export function gpuProviderFor(platform: NodeJS.Platform): 'cuda' | 'dml' | 'coreml' {
  if (platform === 'win32') return 'dml';
  if (platform === 'darwin') return 'coreml';
  return 'cuda';
}

function sessionOptions(provider: string): ort.InferenceSession.SessionOptions {
  return {
    executionProviders: [provider],
    // A missing GPU runtime is expected and reported by us; keep ORT's own error log off stderr.
    logSeverityLevel: provider === 'cpu' ? 2 : 4,
    graphOptimizationLevel: 'all',
    interOpNumThreads: 1,
    // The cores left over by the decode stage, which runs alongside (scorer-concurrency.ts).
    intraOpNumThreads: Math.max(1, os.availableParallelism() - decodeConcurrency()),
    // Spinning threads would steal the cores that decode the next photo.
    extra: { session: { intra_op: { allow_spinning: '0' }, inter_op: { allow_spinning: '0' } } },
  };
}

/**
 * onnxruntime-node throws when asked for a provider it lacks (e.g. CUDA without its libraries)
 * instead of falling back, so the `auto` policy tries the platform's GPU provider and then CPU.
 */
export async function openSession(onnxPath: string, policy: ProviderPolicy = 'auto'): Promise<OpenedSession> {
  // ORT logs a failed GPU provider load as an error on its own; we report the fallback ourselves.
  ort.env.logLevel = 'fatal';
  const wanted = policy === 'auto' ? gpuProviderFor(process.platform) : policy;
  if (wanted === 'cpu') {
    return { session: await ort.InferenceSession.create(onnxPath, sessionOptions('cpu')), provider: 'cpu', fallbackReason: null };
  }
  try {
    return { session: await ort.InferenceSession.create(onnxPath, sessionOptions(wanted)), provider: wanted, fallbackReason: null };
  } catch (err) {
    const reason = `${wanted} unavailable: ${String((err as Error).message ?? err).split('\n')[0]}`;
    return { session: await ort.InferenceSession.create(onnxPath, sessionOptions('cpu')), provider: 'cpu', fallbackReason: reason };
  }
}
