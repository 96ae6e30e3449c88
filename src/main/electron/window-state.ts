import { screen, type BrowserWindow, type Rectangle } from 'electron';
import type { SettingsStore } from '../app/settings-store.ts';

const KEY = 'window.bounds';

interface SavedWindow {
  bounds: Rectangle;
  maximized: boolean;
}

/** The last window bounds, if they are still on a connected display. */
export function restoredBounds(settings: SettingsStore): SavedWindow | null {
  const saved = settings.getRaw<SavedWindow>(KEY);
  if (!saved?.bounds) return null;
  const area = screen.getDisplayMatching(saved.bounds).workArea;
  const visible = saved.bounds.x < area.x + area.width && saved.bounds.x + saved.bounds.width > area.x
    && saved.bounds.y < area.y + area.height && saved.bounds.y + saved.bounds.height > area.y;
  return visible ? saved : null;
}

export function trackWindowState(win: BrowserWindow, settings: SettingsStore): void {
  const save = () => {
    if (win.isDestroyed() || win.isMinimized()) return;
    settings.setRaw(KEY, { bounds: win.getNormalBounds(), maximized: win.isMaximized() } satisfies SavedWindow);
  };
  win.on('close', save);
  win.on('moved', save);
  win.on('resized', save);
}
