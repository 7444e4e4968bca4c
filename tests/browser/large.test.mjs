// The page of a 10 000-item trace stays usable. Figures (not asserted: speed is measured, not
// tested) go to standard output and target/browser/large-timeline.json; what is asserted is
// that every item is rendered and that filtering and selecting work at that size.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { htmlPage, launch, openPage, outDir, traceItems } from "./support.mjs";
import { largeScenario } from "./large-scenario.mjs";

/** Rounds of the generated day that make a little over 10 000 trace items. */
const ROUNDS = 760;

let browser;
let page;
let items;
const figures = {};

before(async () => {
  const scenario = join(outDir, "large-timeline.toml");
  writeFileSync(scenario, largeScenario(ROUNDS));
  items = traceItems(scenario);
  const path = htmlPage(scenario, "large-timeline");
  figures.items = items.length;
  figures.html_bytes = statSync(path).size;
  browser = await launch();
  page = await openPage(browser, path);
  figures.load_ms = Math.round(page.loadMs);
  figures.render_ms = await page.evaluate(() => Math.round(window.pushlaneTimeline?.renderMs ?? NaN));
});

after(async () => {
  if (page) {
    await page.screenshot({ path: join(outDir, "large-timeline.png") });
  }
  await browser?.close();
  figures.bytes_per_item = Math.round(figures.html_bytes / figures.items);
  writeFileSync(join(outDir, "large-timeline.json"), JSON.stringify(figures, null, 2) + "\n");
  console.log(`10 000-item page: ${JSON.stringify(figures)}`);
});

test("the trace has at least 10 000 items, each one mark", async () => {
  assert.ok(items.length >= 10_000, `${items.length} items`);
  assert.deepEqual(page.scriptErrors, []);
  assert.deepEqual(page.outsideRequests, []);
  assert.equal(await page.locator(".mark").count(), items.length);
});

test("filtering a kind out and back in", async () => {
  const inputs = items.filter((i) => i.kind === "input").length;
  const box = page.locator('#filters input[data-filter-kind="input"]');
  let started = performance.now();
  await box.uncheck();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
  figures.filter_ms = Math.round(performance.now() - started);
  assert.match(await page.locator("#shown-count").innerText(), new RegExp(`\\b${items.length - inputs}\\b`));
  started = performance.now();
  await box.check();
  await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => done())));
  figures.unfilter_ms = Math.round(performance.now() - started);
});

test("selecting the last upload shows it", async () => {
  const last = items.findLastIndex((i) => i.type === "upload_token");
  const mark = page.locator(`.mark[data-i="${last}"]`);
  const started = performance.now();
  await mark.click();
  await page.locator("#detail").getByText("upload_token").first().waitFor();
  figures.select_ms = Math.round(performance.now() - started);
  assert.match(await page.locator("#detail").innerText(), new RegExp(`${(items[last].at_ms / 1000).toFixed(3)} s`));
});
