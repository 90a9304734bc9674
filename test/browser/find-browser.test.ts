import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { BROWSER_PATHS, BrowserPathError, findBrowser, isExecutableFile } from './find-browser.js';

const PLAYWRIGHT = '/home/someone/.cache/ms-playwright/chromium-1/chrome-linux64/chrome';

/** A machine with exactly these files, and Playwright's Chromium at PLAYWRIGHT. */
function machine(files: readonly string[], env: Record<string, string | undefined> = {}) {
  const present = new Set(files);
  return { env, exists: (path: string) => present.has(path), playwrightPath: () => PLAYWRIGHT };
}

describe('findBrowser()', () => {
  it('takes CHROMIUM_PATH first, then CHROME_PATH, over any installed browser', () => {
    const everything = ['/opt/a/chromium', '/opt/b/chrome', ...BROWSER_PATHS, PLAYWRIGHT];
    expect(
      findBrowser(
        machine(everything, { CHROMIUM_PATH: '/opt/a/chromium', CHROME_PATH: '/opt/b/chrome' }),
      ),
    ).toEqual({ path: '/opt/a/chromium', source: 'CHROMIUM_PATH' });
    expect(findBrowser(machine(everything, { CHROME_PATH: '/opt/b/chrome' }))).toEqual({
      path: '/opt/b/chrome',
      source: 'CHROME_PATH',
    });
  });

  it('reads an empty variable as unset', () => {
    expect(
      findBrowser(machine(['/usr/bin/chromium'], { CHROMIUM_PATH: '', CHROME_PATH: '' })),
    ).toEqual({ path: '/usr/bin/chromium', source: '/usr/bin/chromium' });
  });

  it('fails, naming the variable and the path, when a variable names no file', () => {
    const installed = [...BROWSER_PATHS, PLAYWRIGHT];
    expect(() =>
      findBrowser(machine(installed, { CHROMIUM_PATH: '/nowhere/chromium' })),
    ).toThrowError(
      new BrowserPathError(
        'CHROMIUM_PATH is set to /nowhere/chromium, but no executable file is there: ' +
          'point CHROMIUM_PATH at a Chromium or Chrome executable, or unset it to look in the usual places.',
      ),
    );
    expect(() => findBrowser(machine(installed, { CHROME_PATH: '/nowhere/chrome' }))).toThrow(
      /^CHROME_PATH is set to \/nowhere\/chrome, but no executable file is there/,
    );
    // A good CHROMIUM_PATH wins before CHROME_PATH is read.
    expect(
      findBrowser(
        machine(['/opt/chromium'], { CHROMIUM_PATH: '/opt/chromium', CHROME_PATH: '/nowhere' }),
      ),
    ).toEqual({ path: '/opt/chromium', source: 'CHROMIUM_PATH' });
  });

  it('looks in the Linux and macOS places in order: Debian, chromium-browser, Chrome, the app bundles', () => {
    expect(BROWSER_PATHS).toEqual([
      '/usr/bin/chromium',
      '/usr/bin/chromium-browser',
      '/usr/bin/google-chrome',
      '/usr/bin/google-chrome-stable',
      '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
      '/Applications/Chromium.app/Contents/MacOS/Chromium',
    ]);
    for (const [i, path] of BROWSER_PATHS.entries()) {
      // This place and every later one exist: this one is taken.
      expect(findBrowser(machine([...BROWSER_PATHS.slice(i), PLAYWRIGHT]))).toEqual({
        path,
        source: path,
      });
    }
  });

  it("takes Playwright's Chromium last, and only when its file exists", () => {
    const playwrightPath = vi.fn(() => PLAYWRIGHT);
    expect(
      findBrowser({ env: {}, exists: (path) => path === '/usr/bin/chromium', playwrightPath }),
    ).toEqual({ path: '/usr/bin/chromium', source: '/usr/bin/chromium' });
    expect(playwrightPath).not.toHaveBeenCalled();

    expect(findBrowser(machine([PLAYWRIGHT]))).toEqual({
      path: PLAYWRIGHT,
      source: "Playwright's Chromium",
    });
    // Playwright names where its Chromium would be, installed or not.
    expect(findBrowser(machine([]))).toBeUndefined();
    // No Playwright build for this platform.
    expect(
      findBrowser({ env: {}, exists: () => false, playwrightPath: () => undefined }),
    ).toBeUndefined();
  });

  it('asks playwright-core where its Chromium is, by default', () => {
    const installed = chromium.executablePath();
    expect(findBrowser({ env: {}, exists: (path) => path === installed })).toEqual({
      path: installed,
      source: "Playwright's Chromium",
    });
  });

  it('reads process.env by default', () => {
    vi.stubEnv('CHROMIUM_PATH', '/from/process/env');
    try {
      expect(findBrowser({ exists: (path) => path === '/from/process/env' })).toEqual({
        path: '/from/process/env',
        source: 'CHROMIUM_PATH',
      });
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe('isExecutableFile()', () => {
  const dir = mkdtempSync(join(tmpdir(), 'appsync-direct-find-browser-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('is true for an executable file only', () => {
    const program = join(dir, 'chromium');
    writeFileSync(program, '#!/bin/sh\n');
    chmodSync(program, 0o755);
    const text = join(dir, 'notes.txt');
    writeFileSync(text, 'not a program');
    chmodSync(text, 0o644);
    const folder = join(dir, 'Chromium.app');
    mkdirSync(folder);

    expect(isExecutableFile(program)).toBe(true);
    expect(isExecutableFile(text)).toBe(false);
    expect(isExecutableFile(folder)).toBe(false);
    expect(isExecutableFile(join(dir, 'missing'))).toBe(false);
  });
});
