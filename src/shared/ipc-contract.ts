/**
 * The one IPC contract between the renderer and the main process. The preload (Electron) and the
 * WebSocket bridge (tests, browser) both carry exactly this; handlers validate every request
 * against these schemas. Adding a call is one entry here plus its handler.
 */
import { z } from 'zod';
import type {
  BlurHistogram, CopyKeepersResult, KeepSharpestPreview, LibrarySummary, PhotoDetail, PhotoProblem, ReviewPage, ScanProgressEvent, Settings, Siblings, TrashLogEntry,
  TrashMoveResult, TrashReview, UndoResult,
} from './review-types.ts';
import type { ModelInfo } from './threshold-meaning.ts';

const id = z.number().int().positive();
const ids = z.array(id).min(1).max(100_000);
const threshold = z.number().gt(0).lt(1);
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const settingsSchema = z.object({
  threshold,
  level: z.enum(['standard', 'strict']),
  burstSeconds: z.number().min(0.1).max(60),
  focusOverlay: z.boolean(),
  sidecarConvention: z.enum(['replace-extension', 'append-extension']),
  keepLabel: z.string().max(40),
});

/** Pairs a request schema with its response type; the response type exists only for the compiler. */
function channel<Res>() {
  return <Req extends z.ZodType>(request: Req) => ({ request, response: undefined as unknown as Res });
}

const libraryRef = z.object({ libraryId: id }).strict();
const photoRef = z.object({ photoId: id }).strict();
const photoRefs = z.object({ photoIds: ids }).strict();

export const reviewQuerySchema = z.object({
  libraryId: id.optional(),
  threshold,
  flaggedOnly: z.boolean(),
  blurType: z.enum(['defocus', 'motion']).optional(),
  dateFrom: isoDate.optional(),
  dateTo: isoDate.optional(),
  decision: z.enum(['keep', 'trash', 'undecided']).optional(),
  minRating: z.number().int().min(0).max(5).optional(),
  label: z.string().min(1).max(40).optional(),
  sort: z.enum(['score', 'time', 'name']).optional(),
  stackBursts: z.boolean().optional(),
  openBurst: z.string().max(80).optional(),
  offset: z.number().int().min(0),
  limit: z.number().int().min(1).max(1000),
}).strict();

export const ipcContract = {
  'settings:get': channel<Settings>()(z.void()),
  /** Facts about this app instance the UI words things with (where the trash is). */
  'app:info': channel<{ trashName: string }>()(z.void()),
  'settings:set': channel<Settings>()(settingsSchema.partial().strict()),
  /** The blur model, its sensitivity presets and what each threshold catches and keeps on held-out real photos. */
  'model:info': channel<ModelInfo>()(z.void()),
  'libraries:list': channel<LibrarySummary[]>()(z.void()),
  /** Native folder picker; null when cancelled or when there is no native dialog (browser bridge). */
  'libraries:pick': channel<string | null>()(z.void()),
  /** Adds a folder and scans it; alreadyAdded when it was a library already (then it is rescanned). */
  'libraries:add': channel<LibrarySummary & { alreadyAdded: boolean }>()(z.object({ path: z.string().min(1).max(4096) }).strict()),
  /** Forgets a library; its photos on disk are untouched. */
  'libraries:remove': channel<void>()(libraryRef),
  'libraries:setWatched': channel<LibrarySummary>()(z.object({ libraryId: id, watched: z.boolean() }).strict()),
  'scan:start': channel<void>()(libraryRef),
  'scan:pause': channel<void>()(libraryRef),
  'scan:resume': channel<void>()(libraryRef),
  'scan:cancel': channel<void>()(libraryRef),
  'photos:query': channel<ReviewPage>()(reviewQuerySchema),
  'photos:histogram': channel<BlurHistogram>()(
    z.object({ libraryId: id.optional(), threshold, bins: z.number().int().min(10).max(200).optional() }).strict(),
  ),
  'photos:get': channel<PhotoDetail>()(photoRef),
  /** Photos of a library that could not be judged, with the reason for each. */
  'photos:problems': channel<PhotoProblem[]>()(libraryRef),
  'photos:siblings': channel<Siblings>()(photoRef),
  'decisions:set': channel<{ changed: number }>()(z.object({ photoIds: ids, decision: z.enum(['keep', 'trash']).nullable() }).strict()),
  /** Stars (0..5) and colour label (null clears it); undoable like a decision. */
  'marks:set': channel<{ changed: number }>()(
    z.object({ photoIds: ids, rating: z.number().int().min(0).max(5).optional(), label: z.string().max(40).nullable().optional() }).strict(),
  ),
  /** Undoes the last decision change or trash move. */
  'review:undo': channel<UndoResult | null>()(z.void()),
  'trash:review': channel<TrashReview>()(z.void()),
  'trash:move': channel<TrashMoveResult>()(photoRefs),
  'trash:recent': channel<TrashLogEntry[]>()(z.void()),
  'trash:restore': channel<TrashLogEntry>()(z.object({ logId: id }).strict()),
  /** Preview of "keep the sharpest of each burst, mark the rest". */
  'bursts:plan': channel<KeepSharpestPreview>()(
    z.object({ libraryId: id.optional(), mode: z.enum(['sharpest', 'onePerBurst']).optional() }).strict(),
  ),
  /** Marks exactly the frames the user left marked in the preview, as one undoable action. */
  'bursts:apply': channel<{ changed: number }>()(photoRefs),
  'photos:exportFlagged': channel<{ fileName: string; content: string }>()(
    z.object({ format: z.enum(['csv', 'json']), threshold, libraryId: id.optional() }).strict(),
  ),
  /** Copies (never moves) the picked photos, their RAW partners and sidecars into a folder; progress as copy:progress. */
  'keepers:copy': channel<CopyKeepersResult>()(
    z.object({ dest: z.string().min(1).max(4096), collision: z.enum(['skip', 'rename']), libraryId: id.optional() }).strict(),
  ),
  /** Native folder picker for any purpose; null when cancelled or in the browser. */
  'folders:pick': channel<string | null>()(z.void()),
  /** Writes keep / reject decisions to XMP sidecars (never to the photos). */
  'sidecars:write': channel<{ written: number; failed: { path: string; message: string }[] }>()(z.object({ libraryId: id.optional() }).strict()),
} as const;

export type Channel = keyof typeof ipcContract;
export type RequestOf<C extends Channel> = z.input<(typeof ipcContract)[C]['request']>;
export type ResponseOf<C extends Channel> = (typeof ipcContract)[C]['response'];
export const channels = Object.keys(ipcContract) as Channel[];

/** Main → renderer events. */
export interface IpcEvents {
  'scan:progress': ScanProgressEvent;
  'photo:scored': { libraryId: number; photoId: number; blurScore: number | null; status: string };
  'libraries:changed': LibrarySummary[];
  'watch:backlog': { libraryId: number; pending: number; inFlight: number; online: boolean };
  'copy:progress': { done: number; total: number };
}
export type EventName = keyof IpcEvents;
export const eventNames: EventName[] = ['scan:progress', 'photo:scored', 'libraries:changed', 'watch:backlog', 'copy:progress'];

/** Every reply crosses as this envelope; errors as {code, message}, never as a thrown Error. */
export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: { code: string; message: string } };

/** What the preload exposes as window.crisp, and what the WebSocket bridge client implements. */
export interface CrispApi {
  invoke<C extends Channel>(channel: C, request: RequestOf<C>): Promise<IpcResult<ResponseOf<C>>>;
  on<E extends EventName>(event: E, listener: (payload: IpcEvents[E]) => void): () => void;
  /** URL of a photo's thumbnail or full image, served only by indexed id. */
  mediaUrl(kind: 'thumb' | 'photo', photoId: number): string;
}

/** Names on the Electron IPC wire; the preload and the main process both derive them from here. */
export const ipcWire = {
  invoke: (channel: Channel) => `crisp:${channel}`,
  event: (event: EventName) => `crisp:event:${event}`,
  /** Preload to main only: a folder the user dropped on the window (the page itself cannot send it). */
  droppedPath: 'crisp:dropped-path',
};
