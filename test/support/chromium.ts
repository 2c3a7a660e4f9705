/**
 * Headless Chromium for tests that look at rendered HTML: finds a browser binary (CHROMIUM_BIN,
 * else Debian's `chromium` or a Chrome on PATH) and takes a screenshot of a file. Tests that need
 * it skip when none is installed; CI installs Debian's `chromium` (.ci/run).
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { delimiter, join } from 'node:path'
import { pathToFileURL } from 'node:url'

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable']

/** The path of a Chromium binary, or null when there is none. */
export function findChromium(): string | null {
  const explicit = process.env.CHROMIUM_BIN
  if (explicit) return existsSync(explicit) ? explicit : null
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    for (const name of CANDIDATES) {
      const path = join(dir, name)
      if (dir !== '' && existsSync(path)) return path
    }
  }
  return null
}

/** Renders `htmlFile` at `width` × `height` and writes a PNG screenshot to `pngFile`. */
export function screenshot(
  chromium: string,
  htmlFile: string,
  pngFile: string,
  size = { width: 1200, height: 900 },
): void {
  // A profile of its own, so parallel runs do not fight over the default one.
  const profile = mkdtempSync(join(tmpdir(), 'chromium-profile-'))
  try {
    const result = spawnSync(
      chromium,
      [
        '--headless',
        '--disable-gpu',
        '--no-sandbox',
        '--disable-dev-shm-usage',
        '--hide-scrollbars',
        `--user-data-dir=${profile}`,
        `--screenshot=${pngFile}`,
        `--window-size=${size.width},${size.height}`,
        pathToFileURL(htmlFile).href,
      ],
      { encoding: 'utf8', timeout: 60_000 },
    )
    if (result.error) throw result.error
    if (result.status !== 0 || !existsSync(pngFile))
      throw new Error(`chromium exited ${result.status}: ${result.stderr.slice(-2000)}`)
  } finally {
    rmSync(profile, { recursive: true, force: true })
  }
}
