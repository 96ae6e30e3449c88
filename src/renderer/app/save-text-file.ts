/** Offers text as a download: a Blob behind an object URL, clicked through `<a download>` (no navigation, CSP-safe). */
export function saveTextFile(fileName: string, content: string, type: string): void {
  const url = URL.createObjectURL(new Blob([content], { type }));
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  a.style.display = 'none';
  document.body.append(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in Chromium; a minute is plenty to hand the blob over.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
