import os from 'node:os';

/**
 * Photos decoded at once in the scorer. Decoding and inference run as two overlapped stages: while
 * the model judges one photo on the remaining cores, the next is being decoded.
 */
export function decodeConcurrency(cores = os.availableParallelism()): number {
  return Math.max(1, Math.floor(cores / 2));
}

/** Photos the host keeps at the scorer: the decoding ones, one waiting for the model and one in it. */
export function scorerInFlight(cores = os.availableParallelism()): number {
  return decodeConcurrency(cores) + 2;
}

/** A counting semaphore: at most `permits` callers run `use` at once. */
export class Slots {
  private waiting: (() => void)[] = [];

  constructor(private permits: number) {}

  async use<T>(fn: () => Promise<T>): Promise<T> {
    if (this.permits > 0) this.permits--;
    else await new Promise<void>((resolve) => this.waiting.push(resolve));
    try {
      return await fn();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.permits++;
    }
  }
}
