// What the browser tests share: running the pushlane binary, opening a page in headless
// Chromium with the network shut, and the place screenshots and figures go.

import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { chromium } from "playwright-core";

export const repo = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");

/** Screenshots, generated pages and figures: target/browser/ of the repository. */
export const outDir = join(repo, "target", "browser");
mkdirSync(outDir, { recursive: true });

const bin =
  process.env.PUSHLANE_BIN ??
  join(process.env.CARGO_TARGET_DIR ?? join(repo, "target"), "debug", "pushlane");

const chromiumPath = process.env.PUSHLANE_CHROMIUM ?? "/usr/bin/chromium";

/** Runs `pushlane ARGS…` and returns its standard output; a failure names the command. */
export function pushlane(...args) {
  const run = spawnSync(bin, args, {
    cwd: repo,
    encoding: "utf8",
    maxBuffer: 256 * 1024 * 1024,
  });
  if (run.error) {
    throw new Error(`cannot run ${bin}: ${run.error.message} (build it with cargo build -p pushlane-cli, or set PUSHLANE_BIN)`);
  }
  if (run.status !== 0) {
    throw new Error(`pushlane ${args.join(" ")} exited ${run.status}: ${run.stderr}`);
  }
  return run.stdout;
}

/** The scenario's trace items, from `--format jsonl`. */
export function traceItems(scenario) {
  return pushlane("simulate", scenario, "--format", "jsonl")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}

/** Writes the scenario's HTML page under target/browser/ and returns its path. */
export function htmlPage(scenario, name) {
  const path = join(outDir, `${name}.html`);
  writeFileSync(path, pushlane("simulate", scenario, "--format", "html"));
  return path;
}

/**
 * Starts headless Chromium. As root it needs --no-sandbox (playwright passes it unless asked
 * for the sandbox); the background-networking flags keep it from calling out, which this
 * machine's closed network refuses.
 */
export async function launch() {
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: [
      "--disable-gpu",
      "--disable-quic",
      "--no-first-run",
      "--disable-background-networking",
      "--disable-component-update",
      "--disable-sync",
    ],
  });
}

/**
 * Opens `path` (a file) in a new page. Every request that is not the file itself is refused
 * and recorded in `page.outsideRequests`, and page errors in `page.scriptErrors`: a
 * self-contained page has none of either.
 */
export async function openPage(browser, path, viewport = { width: 1400, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  const url = pathToFileURL(path).href;
  page.outsideRequests = [];
  page.scriptErrors = [];
  page.on("pageerror", (err) => page.scriptErrors.push(String(err)));
  page.on("console", (msg) => {
    if (msg.type() === "error") page.scriptErrors.push(msg.text());
  });
  await context.route("**/*", (route) => {
    const requested = route.request().url();
    if (requested === url) return route.continue();
    page.outsideRequests.push(requested);
    return route.abort();
  });
  const started = performance.now();
  await page.goto(url, { waitUntil: "load" });
  page.loadMs = performance.now() - started;
  return page;
}
