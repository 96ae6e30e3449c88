import type { Channel, CrispApi, EventName, IpcEvents, RequestOf, ResponseOf } from '../../shared/ipc-contract.ts';
import type { Transport } from './select-transport.ts';

/** A failed call, carrying the {code, message} the main process sent. */
export class CrispRequestError extends Error {
  constructor(readonly code: string, message: string, readonly channel: Channel) {
    super(message);
  }
}

type Args<C extends Channel> = RequestOf<C> extends void ? [] : [request: RequestOf<C>];

export interface CallOptions {
  /** Don't report a failure to the user; the caller handles it. */
  quiet?: boolean;
}

export interface CrispClient {
  call<C extends Channel>(channel: C, ...args: Args<C>): Promise<ResponseOf<C>>;
  callWith<C extends Channel>(options: CallOptions, channel: C, ...args: Args<C>): Promise<ResponseOf<C>>;
  on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
  mediaUrl: CrispApi['mediaUrl'];
  pathForFile(file: File): string | null;
}

/** Unwraps the IpcResult envelope: values resolve, errors reject and are reported (as a toast) unless quiet. */
export function createCrispClient(transport: Transport, report: (error: CrispRequestError) => void): CrispClient {
  async function callWith<C extends Channel>(options: CallOptions, channel: C, ...args: Args<C>): Promise<ResponseOf<C>> {
    let result;
    try {
      result = await transport.invoke(channel, args[0] as RequestOf<C>);
    } catch (e) {
      result = { ok: false as const, error: { code: 'TRANSPORT', message: e instanceof Error ? e.message : String(e) } };
    }
    if (result.ok) return result.value;
    const error = new CrispRequestError(result.error.code, result.error.message, channel);
    if (!options.quiet) report(error);
    throw error;
  }
  return {
    call: (channel, ...args) => callWith({}, channel, ...args),
    callWith,
    on: (event, listener) => transport.on(event, listener),
    mediaUrl: (kind, photoId) => transport.mediaUrl(kind, photoId),
    pathForFile: (file) => transport.pathForFile?.(file) ?? null,
  };
}
