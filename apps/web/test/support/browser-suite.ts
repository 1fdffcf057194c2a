import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, openUser } from './browser';
import { ensureWebBuild } from './web-build';
import { startWebStack, type WebStack } from './web-stack';

export interface BrowserSuite {
  /** The API and socket server the pages talk to (started once for the suite). */
  readonly stack: WebStack;
  /** A fresh browser context (its own storage: one person) on the served web client, closed after the test. */
  openPage(viewport?: { width: number; height: number }): Promise<Page>;
}

/** Registers a browser suite's hooks: the stack and Chromium once per file, each test's contexts closed after it. */
export function browserSuite(): BrowserSuite {
  let stack: WebStack | undefined;
  let browser: Browser | undefined;
  const contexts: BrowserContext[] = [];
  /** What the page's Content-Security-Policy blocked: every browser test also proves the policy fits the client. */
  const cspViolations: string[] = [];

  beforeAll(async () => {
    ensureWebBuild();
    stack = await startWebStack();
    browser = await launchBrowser();
  });

  afterEach(async () => {
    await Promise.all(contexts.splice(0).map((c) => c.close()));
    expect(cspViolations.splice(0)).toEqual([]);
  });

  afterAll(async () => {
    await browser?.close();
    await stack?.close();
  });

  return {
    get stack() {
      if (!stack) throw new Error('the web stack starts in beforeAll');
      return stack;
    },
    async openPage(viewport) {
      if (!browser || !stack) throw new Error('the browser starts in beforeAll');
      const { context, page } = await openUser(browser, stack.apiUrl, viewport);
      contexts.push(context);
      page.on('console', (message) => {
        if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
      });
      return page;
    },
  };
}
