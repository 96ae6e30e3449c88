import { ipcContract, type Channel, type IpcResult, type RequestOf, type ResponseOf } from '../../shared/ipc-contract.ts';
import { exportFlagged } from '../bursts/flagged-export.ts';
import { BURST_BLUR_MARGIN } from '../bursts/burst-plan.ts';
import { burstPlan } from '../scan/burst-index.ts';
import { modelInfo } from '../scoring/model-info.ts';
import type { AppServices } from './app-services.ts';
import { copyKeepers } from './keeper-copy.ts';
import { writeDecisionSidecars } from './sidecar-export.ts';

type Handlers = { [C in Channel]: (req: RequestOf<C>) => Promise<ResponseOf<C>> | ResponseOf<C> };

/** One handler per contract channel; both transports (Electron IPC, WebSocket bridge) call these. */
export function createHandlers(app: AppServices): Handlers {
  const threshold = () => app.settings.get().threshold;
  return {
    'settings:get': () => app.settings.get(),
    'app:info': () => ({ trashName: app.opts.trashName ?? 'your system Trash' }),
    'settings:set': async (patch) => {
      const next = app.settings.set(patch);
      if (patch.threshold !== undefined) app.librariesChanged();
      if (patch.level !== undefined && patch.level !== app.session.scorer.level) await app.session.scorer.reconfigure({ level: patch.level });
      return next;
    },
    'model:info': () => modelInfo(app.session.model.card),
    'libraries:list': () => app.libraries.list(threshold()),
    'libraries:pick': async () => (app.opts.pickFolder ? app.opts.pickFolder() : null),
    'libraries:add': ({ path }) => {
      const root = app.libraries.checkNewRoot(path);
      const alreadyAdded = app.libraries.list(threshold()).some((l) => l.path === root);
      const id = app.session.store.ensureLibrary(root);
      app.scans.start(id);
      app.librariesChanged();
      return { ...app.libraries.get(id, threshold()), alreadyAdded };
    },
    'libraries:remove': async ({ libraryId }) => {
      app.scans.cancel(libraryId);
      await app.scans.setWatched(libraryId, '', false);
      app.libraries.remove(libraryId);
      app.librariesChanged();
    },
    'libraries:setWatched': async ({ libraryId, watched }) => {
      const lib = app.libraries.get(libraryId, threshold());
      await app.scans.setWatched(libraryId, lib.path, watched);
      app.librariesChanged();
      return app.libraries.get(libraryId, threshold());
    },
    'scan:start': ({ libraryId }) => {
      app.libraries.get(libraryId, threshold());
      app.scans.start(libraryId);
    },
    'scan:pause': ({ libraryId }) => app.scans.pause(libraryId),
    'scan:resume': ({ libraryId }) => app.scans.resume(libraryId),
    'scan:cancel': ({ libraryId }) => app.scans.cancel(libraryId),
    'photos:query': (q) => app.review.query(q),
    'photos:histogram': (q) => app.review.histogram(q),
    'photos:get': ({ photoId }) => app.review.detail(photoId, threshold()),
    'photos:problems': ({ libraryId }) => app.libraries.problems(libraryId),
    'photos:siblings': ({ photoId }) => app.review.siblings(photoId, threshold(), app.settings.get().burstSeconds),
    'decisions:set': ({ photoIds, decision }) => ({ changed: app.decisions.set(photoIds, decision) }),
    'marks:set': ({ photoIds, rating, label }) => ({ changed: app.decisions.setMarks(photoIds, { rating, label }) }),
    'review:undo': () => app.decisions.undo(),
    'trash:review': () => app.review.trashReview(threshold()),
    'trash:move': async ({ photoIds }) => {
      const { logIds, ...result } = await app.trash.move(photoIds);
      if (logIds.length > 0) app.decisions.push({ kind: 'trash', logIds, photoIds: result.moved });
      app.librariesChanged();
      return result;
    },
    'trash:recent': () => app.trash.recent(),
    'trash:restore': async ({ logId }) => {
      const entry = await app.trash.restore(logId);
      app.librariesChanged();
      return entry;
    },
    'bursts:plan': ({ libraryId, mode }) => {
      const t = threshold();
      const plan = burstPlan(app.session.db, { burstSeconds: app.settings.get().burstSeconds, threshold: t, mode: mode ?? 'sharpest', libraryId });
      const bursts = plan.map((b) => ({
        burstId: b.burstId, keep: app.review.items([b.keepId], t)[0], mark: app.review.items(b.markIds, t), leave: app.review.items(b.leaveIds, t),
      })).filter((b) => b.keep !== undefined);
      return { bursts, markCount: bursts.reduce((n, b) => n + b.mark.length, 0), margin: BURST_BLUR_MARGIN };
    },
    'bursts:apply': ({ photoIds }) => ({ changed: app.decisions.set(photoIds, 'trash') }),
    'photos:exportFlagged': ({ format, threshold: t, libraryId }) => ({
      fileName: `crisp-flagged-${new Date().toISOString().slice(0, 10)}.${format}`,
      content: exportFlagged(app.review.flaggedForExport(t, libraryId), format),
    }),
    'keepers:copy': ({ dest, collision, libraryId }) => copyKeepers(app.session.db, {
      dest, collision, libraryId, onProgress: (done, total) => app.events.emit('copy:progress', { done, total }),
    }),
    'folders:pick': async () => (app.opts.pickFolder ? app.opts.pickFolder() : null),
    'sidecars:write': ({ libraryId }) => {
      const s = app.settings.get();
      return writeDecisionSidecars(app.session.db, { convention: s.sidecarConvention, keepLabel: s.keepLabel, threshold: s.threshold, libraryId });
    },
  };
}

/** Validates the raw request against the contract, runs the handler, and wraps the outcome in the envelope. */
export async function dispatch(handlers: Handlers, channel: string, raw: unknown): Promise<IpcResult<unknown>> {
  if (!Object.hasOwn(ipcContract, channel)) return { ok: false, error: { code: 'UNKNOWN_CHANNEL', message: `unknown channel: ${String(channel).slice(0, 80)}` } };
  const c = channel as Channel;
  const parsed = ipcContract[c].request.safeParse(raw ?? undefined);
  if (!parsed.success) {
    return { ok: false, error: { code: 'INVALID_REQUEST', message: `${c}: ${parsed.error.issues.map((i) => `${i.path.join('.') || 'request'} ${i.message}`).join('; ')}` } };
  }
  try {
    const handler = handlers[c] as (req: unknown) => unknown;
    return { ok: true, value: (await handler(parsed.data)) ?? null };
  } catch (err) {
    const e = err as { code?: unknown; message?: unknown };
    return { ok: false, error: { code: typeof e.code === 'string' ? e.code : 'INTERNAL', message: typeof e.message === 'string' ? e.message : String(err) } };
  }
}
