/** How files reach the OS trash and come back: Electron's shell.trashItem in the app, the freedesktop trash under Node. */
export interface Trasher {
  /** Moves the file to the OS trash; returns where it went when that is knowable. */
  moveToTrash(file: string): Promise<{ trashPath: string | null }>;
  /** Brings it back to `originalPath`; throws {code, message} when it cannot. */
  restore(entry: { originalPath: string; trashPath: string | null; trashedAt: number }): Promise<void>;
}
