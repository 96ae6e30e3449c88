import type { Locator } from 'playwright-core';
import { expect } from 'vitest';

// Web-first assertions on Playwright locators for vitest (Playwright's own live in @playwright/test).
const poll = { timeout: 20_000, interval: 50 };

export const see = {
  visible: (l: Locator) => l.waitFor({ state: 'visible', timeout: poll.timeout }),
  text: (l: Locator, expected: string | RegExp) => (typeof expected === 'string'
    ? expect.poll(() => l.textContent(), poll).toBe(expected)
    : expect.poll(() => l.textContent(), poll).toMatch(expected)),
  contains: (l: Locator, part: string) => expect.poll(() => l.textContent(), poll).toContain(part),
  notContains: (l: Locator, part: string) => expect.poll(() => l.textContent(), poll).not.toContain(part),
  value: (l: Locator, value: string) => expect.poll(() => l.inputValue(), poll).toBe(value),
  attr: (l: Locator, name: string, value: string) => expect.poll(() => l.getAttribute(name), poll).toBe(value),
  count: (l: Locator, n: number) => expect.poll(() => l.count(), poll).toBe(n),
  hasClass: (l: Locator, name: string) => expect.poll(() => l.getAttribute('class'), poll).toMatch(new RegExp(`\\b${name}\\b`)),
  lacksClass: (l: Locator, name: string) => expect.poll(() => l.getAttribute('class'), poll).not.toMatch(new RegExp(`\\b${name}\\b`)),
};
