import { expect } from 'vitest';
import type { Locator, Page } from 'playwright-core';

/** Inline style property of an element (this file is typechecked without DOM types, hence `any`). */
export function inlineStyle(locator: Locator, property: string): Promise<string> {
  return locator.evaluate((el: any, prop: string) => el.style[prop] as string, property);
}

export async function attr(locator: Locator, name: string): Promise<string | null> {
  return locator.getAttribute(name);
}

/** Records every distinct text the scan status line shows, from before the page's own scripts run. */
export async function recordScanLabels(page: Page): Promise<void> {
  await page.addInitScript(`
    window.__scanLabels = [];
    new MutationObserver(() => {
      for (const el of document.querySelectorAll('.scan-count')) {
        const t = el.textContent;
        if (window.__scanLabels[window.__scanLabels.length - 1] !== t) window.__scanLabels.push(t);
      }
    }).observe(document, { subtree: true, childList: true, characterData: true });
  `);
}

export function scanLabels(page: Page): Promise<string[]> {
  return page.evaluate('window.__scanLabels') as Promise<string[]>;
}

export function activeIndex(page: Page): Promise<number> {
  return page.locator('[role=option][aria-selected=true]').getAttribute('data-index').then(Number);
}

/** Dismisses the toasts so README screenshots show the screen, not the notifications. */
export async function clearToasts(page: Page): Promise<void> {
  const buttons = page.getByRole('button', { name: 'Dismiss notification' });
  // On a loaded machine a toast still sliding in never counts as "stable", and one that closes on its
  // own detaches mid-click; either way the loop looks again instead of waiting out the click timeout.
  for (let tries = 0; tries < 50 && (await buttons.count()) > 0; tries++) {
    await buttons.first().click({ force: true, timeout: 2000 }).catch(() => {});
  }
  expect(await buttons.count()).toBe(0);
  await page.mouse.move(0, 0);
}
