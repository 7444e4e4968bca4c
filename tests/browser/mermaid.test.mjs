// Every Mermaid diagram pushlane writes, drawn by Mermaid itself in headless Chromium: the
// statecharts of `pushlane statechart` (each region and all of them) and the sequence diagram of
// `pushlane simulate --format mermaid` for every example scenario. A diagram that Mermaid cannot
// read fails here, before it fails on GitHub. The drawings are saved in target/browser/.

import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { launch, openPage, outDir, pushlane, repo } from "./support.mjs";

const mermaidScript = join(repo, "tests", "browser", "node_modules", "mermaid", "dist", "mermaid.min.js");
const REGIONS = ["init", "session", "token", "visibility", "click"];

let browser;
let page;

before(async () => {
  const blank = join(outDir, "mermaid.html");
  writeFileSync(blank, '<!doctype html><meta charset="utf-8"><title>mermaid</title><body></body>\n');
  browser = await launch();
  page = await openPage(browser, blank);
  await page.addScriptTag({ path: mermaidScript });
  await page.evaluate(() => window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict" }));
});

after(async () => {
  await browser?.close();
});

/** Draws `text` with Mermaid; returns the SVG, or throws Mermaid's own message. */
async function draw(name, text) {
  const result = await page.evaluate(
    async ([id, source]) => {
      try {
        const { svg } = await window.mermaid.render(id, source);
        return { svg };
      } catch (err) {
        return { error: String(err?.message ?? err) };
      }
    },
    [name.replace(/[^a-z0-9]/gi, "-"), text],
  );
  if (result.error) throw new Error(`${name}: Mermaid cannot draw it: ${result.error}`);
  writeFileSync(join(outDir, `${name}.svg`), result.svg);
  return result.svg;
}

test("Mermaid refuses a broken diagram (the check can fail)", async () => {
  await assert.rejects(draw("broken", "stateDiagram-v2\n    [*] --> \n    a -->> : b c"), /Mermaid cannot draw it/);
});

test("each region's statechart draws, with every state of the region", async () => {
  for (const region of REGIONS) {
    const text = pushlane("statechart", "--region", region);
    const svg = await draw(`statechart-${region}`, text);
    const states = new Set(
      [...text.matchAll(/^\s*(\w+) --> (\w+)/gm)].flatMap(([, from, to]) => [from, to]).filter((s) => s !== "*"),
    );
    assert.ok(states.size >= 2, `${region}: ${[...states]}`);
    for (const state of states) assert.ok(svg.includes(`>${state}<`), `${region}: state ${state} is drawn`);
  }
});

test("the statechart of all regions draws as one diagram", async () => {
  const svg = await draw("statechart-all", pushlane("statechart"));
  for (const state of ["sdk_ready", "logged_in", "uploading", "background", "held"]) {
    assert.ok(svg.includes(`>${state}<`), `state ${state} is drawn`);
  }
});

test("every example's sequence diagram draws, with the four participants", async () => {
  const dir = join(repo, "examples", "scenarios");
  const examples = readdirSync(dir).filter((f) => f.endsWith(".toml")).sort();
  assert.ok(examples.length >= 10, `${examples.length} examples`);
  for (const file of examples) {
    const text = pushlane("simulate", join(dir, file), "--format", "mermaid");
    const svg = await draw(`sequence-${file.replace(/\.toml$/, "")}`, text);
    for (const participant of ["App (host)", "pushlane", "Chat server", "Vendor SDK"]) {
      assert.ok(svg.includes(participant), `${file}: participant ${participant}`);
    }
  }
});

test("the Xiaomi example's diagram shows the upload going to the Chat server at 5.1 s", async () => {
  const text = pushlane("simulate", "examples/scenarios/01-xiaomi-china-edition.toml", "--format", "mermaid");
  const svg = await draw("sequence-01-check", text);
  assert.ok(svg.includes("5.100 s"), "the time note");
  assert.match(svg, /upload_token/);
  assert.ok(!svg.includes("mi-token-1"), "the token is shortened");
});
