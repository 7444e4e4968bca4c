// End-to-end: the page `pushlane simulate --format html` writes, opened in headless Chromium.
// It checks what a person looking at it would: the lanes, the marks where the trace puts them,
// the detail panel after a click, the filter, and that the page needs no network. Screenshots
// go to target/browser/.

import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { join } from "node:path";
import { htmlPage, launch, openPage, outDir, traceItems } from "./support.mjs";

const LANES = ["init", "session", "token", "visibility", "click", "input", "effect", "event"];

/** The lane a trace item's mark belongs in: `state_changed` goes to its region's lane. */
function laneOf(item) {
  return item.type === "state_changed" ? item.region : item.kind;
}

/** Every mark's attributes, in trace order (`data-i`; the page groups marks by lane). */
async function marks(page) {
  const shown = await page.$$eval(".mark", (elements) =>
    elements.map((el) => ({
      i: Number(el.dataset.i),
      kind: el.dataset.kind,
      type: el.dataset.type,
      atMs: Number(el.dataset.atMs),
      lane: el.closest(".lane")?.dataset.lane ?? null,
      classes: [...el.classList],
    })),
  );
  return shown.sort((a, b) => a.i - b.i);
}

/** The centre of an element on the screen. */
async function centreX(locator) {
  const box = await locator.boundingBox();
  assert.ok(box, "the element has a box on the page");
  return box.x + box.width / 2;
}

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

describe("01 Xiaomi, China edition", () => {
  const scenario = "examples/scenarios/01-xiaomi-china-edition.toml";
  let page;
  let items;

  before(async () => {
    items = traceItems(scenario);
    page = await openPage(browser, htmlPage(scenario, "01-xiaomi-china-edition"));
  });
  after(async () => {
    await page?.screenshot({ path: join(outDir, "01-xiaomi-china-edition.png"), fullPage: true });
  });

  test("the page loads with no request outside the file and no script error", () => {
    assert.deepEqual(page.outsideRequests, []);
    assert.deepEqual(page.scriptErrors, []);
  });

  test("one lane per region, then inputs, effects and events, each labelled", async () => {
    const lanes = await page.$$eval(".lane", (els) => els.map((el) => el.dataset.lane));
    assert.deepEqual(lanes, LANES);
    for (const lane of LANES) {
      await assert.doesNotReject(
        page.locator(`.lane[data-lane="${lane}"]`).getByText(lane, { exact: false }).first().waitFor({ state: "visible", timeout: 2000 }),
        `lane ${lane} shows its name`,
      );
    }
  });

  test("every trace item is one mark, in its lane, at its time", async () => {
    const shown = await marks(page);
    assert.equal(shown.length, items.length, "one mark per trace item");
    shown.forEach((mark, index) => {
      const item = items[index];
      assert.equal(mark.i, index);
      assert.equal(mark.kind, item.kind, `mark ${index} kind`);
      assert.equal(mark.type, item.type, `mark ${index} type`);
      assert.equal(mark.atMs, item.at_ms, `mark ${index} time`);
      assert.equal(mark.lane, laneOf(item), `mark ${index} (${item.type}) lane`);
    });
  });

  test("exactly one upload mark, at 5.1 s, placed between the marks before and after it", async () => {
    const uploads = page.locator('.mark[data-type="upload_token"]');
    assert.equal(await uploads.count(), 1);
    const upload = uploads.first();
    assert.equal(await upload.getAttribute("data-at-ms"), "5100");
    assert.ok((await upload.getAttribute("class")).split(/\s+/).includes("upload"));
    assert.match(await upload.getAttribute("title"), /5\.100 s/);
    // Time runs left to right: the token arrived at 0.4 s, the app went to background at 9 s.
    const x = await centreX(upload);
    const tokenX = await centreX(page.locator('.mark[data-type="vendor_token"]').first());
    const backgroundX = await centreX(page.locator('.mark[data-type="report_background"]').first());
    assert.ok(tokenX < x && x < backgroundX, `0.4 s (${tokenX}) < 5.1 s (${x}) < 9 s (${backgroundX})`);
    const fraction = (x - tokenX) / (backgroundX - tokenX);
    const expected = (5100 - 400) / (9000 - 400);
    assert.ok(Math.abs(fraction - expected) < 0.05, `5.1 s sits at ${fraction.toFixed(3)} of 0.4–9 s, expected ${expected.toFixed(3)}`);
  });

  test("the token lane shows its states, ending in uploaded", async () => {
    const states = await page.$$eval('.lane[data-lane="token"] .segment', (els) => els.map((el) => el.dataset.state));
    assert.deepEqual(states, ["none", "scheduled", "uploading", "uploaded"]);
  });

  test("the warning is highlighted", async () => {
    const warning = page.locator('.mark[data-type="warning"]');
    assert.equal(await warning.count(), 1);
    assert.ok((await warning.getAttribute("class")).split(/\s+/).includes("warn"));
    const calm = page.locator('.mark[data-type="upload_token"]');
    const [warnColour, calmColour] = await Promise.all(
      [warning, calm].map((l) => l.evaluate((el) => getComputedStyle(el).backgroundColor)),
    );
    assert.notEqual(warnColour, calmColour, "a warning does not look like an upload");
  });

  test("clicking the upload mark shows its fields in the detail panel, token shortened", async () => {
    const upload = page.locator('.mark[data-type="upload_token"]');
    await upload.click();
    assert.ok((await upload.getAttribute("class")).split(/\s+/).includes("selected"));
    const detail = page.locator("#detail");
    const text = await detail.innerText();
    assert.match(text, /5\.100 s/);
    assert.match(text, /upload_token/);
    const fields = await detail.locator("tr").evaluateAll((rows) =>
      Object.fromEntries(
        rows
          .map((row) => [row.querySelector(".field-name")?.textContent, row.querySelector(".field-value")?.textContent])
          .filter(([name]) => name),
      ),
    );
    assert.equal(fields.vendor, "xiaomi");
    assert.equal(fields.business_id, "10001");
    assert.equal(fields.effect_id, "1");
    assert.match(fields.token, /fp:/, "the token is shown as a fingerprint");
    assert.ok(!(await page.content()).includes("mi-token-1"), "the raw token is nowhere in the page");
  });

  test("the find list jumps to the upload", async () => {
    await page.locator('.mark[data-type="warning"]').click();
    const entry = page.locator('#find .find-item[data-i]').filter({ hasText: "upload_token" }).first();
    await entry.click();
    const selected = page.locator(".mark.selected");
    assert.equal(await selected.count(), 1);
    assert.equal(await selected.getAttribute("data-type"), "upload_token");
  });

  test("the filter hides a kind and says how many items are shown", async () => {
    const total = items.length;
    const effects = items.filter((i) => i.kind === "effect").length;
    const box = page.locator('#filters input[data-filter-kind="effect"]');
    await box.uncheck();
    assert.equal(await page.locator('.mark[data-kind="effect"]').first().isVisible(), false);
    assert.equal(await page.locator('.mark[data-kind="input"]').first().isVisible(), true);
    assert.match(await page.locator("#shown-count").innerText(), new RegExp(`\\b${total - effects}\\b.*\\b${total}\\b`));
    await box.check();
    assert.equal(await page.locator('.mark[data-type="upload_token"]').isVisible(), true);
    assert.match(await page.locator("#shown-count").innerText(), new RegExp(`\\b${total}\\b.*\\b${total}\\b`));
  });
});

describe("06 HONOR, a tap starts the app", () => {
  const scenario = "examples/scenarios/06-honor-cold-start-click.toml";
  let page;
  let items;

  before(async () => {
    items = traceItems(scenario);
    page = await openPage(browser, htmlPage(scenario, "06-honor-cold-start-click"));
  });
  after(async () => {
    await page?.screenshot({ path: join(outDir, "06-honor-cold-start-click.png"), fullPage: true });
  });

  test("loads self-contained, one mark per item", async () => {
    assert.deepEqual(page.outsideRequests, []);
    assert.deepEqual(page.scriptErrors, []);
    assert.equal(await page.locator(".mark").count(), items.length);
  });

  test("the click lane shows the click held from 0 s until the first screen at 0.9 s", async () => {
    const states = await page.$$eval('.lane[data-lane="click"] .segment', (els) => els.map((el) => el.dataset.state));
    assert.deepEqual(states, ["idle", "held", "idle"]);
    const clicks = (await marks(page))
      .filter((mark) => mark.classes.includes("click"))
      .map((mark) => [mark.type, mark.atMs]);
    assert.deepEqual(clicks, [
      ["notification_clicked", 0],
      ["click_deferred", 0],
      ["deliver_click", 900],
    ]);
  });

  test("clicking the delivered click shows the conversation", async () => {
    await page.locator('.mark[data-type="deliver_click"]').click();
    const text = await page.locator("#detail").innerText();
    assert.match(text, /0\.900 s/);
    assert.match(text, /deliver_click/);
    assert.match(text, /c2c_bob/);
  });
});
