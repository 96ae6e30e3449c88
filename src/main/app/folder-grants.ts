import path from 'node:path';

/**
 * Which folders the renderer may add as libraries: those the user chose in the native folder
 * dialog or dropped on the window, each once. Anything else (a typed path, or a page that was
 * compromised) needs the user's confirmation in the main process first.
 */
export class FolderGrants {
  private readonly granted = new Set<string>();

  grant(folder: string): void {
    this.granted.add(path.resolve(folder));
  }

  /** True if the folder was granted (and uses up the grant), else whatever `confirm` says. */
  async allow(folder: string, confirm: (folder: string) => Promise<boolean>): Promise<boolean> {
    const abs = path.resolve(folder);
    if (this.granted.delete(abs)) return true;
    return confirm(abs);
  }
}
