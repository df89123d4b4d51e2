import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

/** Debian's `chromium` package; playwright-core never downloads a browser of its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Flags that keep Chromium off the network and away from a GPU in a container. */
const FLAGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** Launches headless Chromium; fails loudly (never skips) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: the end-to-end test needs it. Run \`apt-get update && apt-get install -y chromium\` (.ci/run does) or set CHROMIUM_PATH.`,
    );
  }
  // Playwright adds --headless and a fresh, empty --user-data-dir of its own.
  return chromium.launch({ executablePath: CHROMIUM, headless: true, args: FLAGS });
}
