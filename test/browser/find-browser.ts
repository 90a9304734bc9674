/**
 * Where the IDE test finds a Chromium to drive, first match wins:
 *
 * 1. `CHROMIUM_PATH`, then `CHROME_PATH`: when set (and not empty), the file must exist; a path
 *    to nothing is an error that names the variable, never a quiet fallback to another browser.
 * 2. Debian's and other Linux packages: `/usr/bin/chromium`, `/usr/bin/chromium-browser`,
 *    `/usr/bin/google-chrome`, `/usr/bin/google-chrome-stable`.
 * 3. The macOS app bundles of Google Chrome and Chromium.
 * 4. A Chromium that Playwright installed (`npx playwright-core install chromium`), when
 *    playwright-core's `chromium.executablePath()` names a file that exists.
 *
 * The environment, the file check and Playwright's path are parameters, so the tests of this
 * module do not depend on what the machine has installed.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { chromium } from 'playwright-core';

/** The variables that name a browser, in the order they are read. */
export const BROWSER_VARIABLES = ['CHROMIUM_PATH', 'CHROME_PATH'] as const;

/** The places a browser is looked for when no variable names one, in order. */
export const BROWSER_PATHS = [
  '/usr/bin/chromium',
  '/usr/bin/chromium-browser',
  '/usr/bin/google-chrome',
  '/usr/bin/google-chrome-stable',
  '/Applications/Google Chrome.app/Contents/MacOS/Google Chrome',
  '/Applications/Chromium.app/Contents/MacOS/Chromium',
] as const;

/** How to get a browser, for the messages of a test that has none. */
export const INSTALL_HINT =
  'install Chromium (e.g. apt-get install chromium) or set CHROMIUM_PATH to a Chromium or Chrome executable';

export interface BrowserSearch {
  /** The environment to read the variables from; `process.env` by default. */
  env?: Readonly<Record<string, string | undefined>>;
  /** Whether a path is a file that can be run; an executable regular file by default. */
  exists?: (path: string) => boolean;
  /** Where Playwright installs its Chromium; playwright-core's `chromium.executablePath()`. */
  playwrightPath?: () => string | undefined;
}

/** A browser found: its executable, and what named it (a variable, a path, Playwright). */
export interface FoundBrowser {
  path: string;
  source: string;
}

/** A variable names a browser that is not there. */
export class BrowserPathError extends Error {
  override readonly name = 'BrowserPathError';
}

export function isExecutableFile(path: string): boolean {
  try {
    if (!statSync(path).isFile()) return false;
    accessSync(path, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

function playwrightChromium(): string | undefined {
  try {
    return chromium.executablePath() || undefined;
  } catch {
    // No Chromium build of Playwright's for this platform.
    return undefined;
  }
}

/**
 * The browser to drive, or `undefined` when there is none. Throws {@link BrowserPathError} when
 * `CHROMIUM_PATH` or `CHROME_PATH` is set to a path where no executable file is.
 */
export function findBrowser(search: BrowserSearch = {}): FoundBrowser | undefined {
  const env = search.env ?? process.env;
  const exists = search.exists ?? isExecutableFile;
  for (const variable of BROWSER_VARIABLES) {
    const path = env[variable];
    if (path === undefined || path === '') continue;
    if (!exists(path)) {
      throw new BrowserPathError(
        `${variable} is set to ${path}, but no executable file is there: ` +
          `point ${variable} at a Chromium or Chrome executable, or unset it to look in the usual places.`,
      );
    }
    return { path, source: variable };
  }
  for (const path of BROWSER_PATHS) {
    if (exists(path)) return { path, source: path };
  }
  const playwright = (search.playwrightPath ?? playwrightChromium)();
  if (playwright !== undefined && exists(playwright)) {
    return { path: playwright, source: "Playwright's Chromium" };
  }
  return undefined;
}
