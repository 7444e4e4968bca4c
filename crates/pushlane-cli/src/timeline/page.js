"use strict";
/* The timeline page of `pushlane simulate --format html` (docs/scenario.md). It reads the trace
   from the JSON element #trace-data and what it needs to know about it from #trace-meta, then
   draws one lane per region and for inputs, effects and events. Plain ES2020, no
   dependencies, no network. The whole timeline is built as one HTML string and set at once;
   the filters change one style element, not the marks. */

const LABEL_WIDTH = 112; // px: the sticky lane labels
const PAD = 24; // px of track before the first time and after the last
const SLOT = 16; // px a mark takes in its row; the next one within it is nudged right
const MAX_NUDGE = 4 * SLOT; // px a crowded mark may move right of its time, then it overlaps
const ROW = 18; // px per row of marks
const SEGMENT_ROWS = 28; // px the state bar takes at the top of a region lane
const REGION_ROWS = 2;
const TRACE_ROWS = 3;
const MIN_TICK_PX = 90;
const MAX_TRACK_PX = 1000000;
const MAX_SCALE = 10; // px per ms
const MIN_SCALE = 1e-7;
const FIND_CAP = 200;
const TITLE_CAP = 400;
const KINDS = ["input", "effect", "event"];
const HUES = {
  new: 0, sdk_ready: 45, ready: 140, logged_out: 0, logged_in: 140, none: 0, known: 200,
  scheduled: 45, uploading: 30, uploaded: 140, retrying: 10, clearing: 280,
  foreground: 200, background: 250, idle: 0, held: 45,
};

const S = {
  items: [],
  meta: null,
  lanes: [],
  tips: [],
  heads: [],
  classes: [],
  warnings: [],
  search: [],
  matches: null,
  hiddenKinds: new Set(),
  hiddenTypes: new Set(),
  selected: null,
  scale: 1,
  maxScale: MAX_SCALE,
  t0: 0,
  t1: 0,
  span: 1000,
  pos: null,
  row: null,
  nodes: null,
  domOrder: [],
  restarts: [],
  axis: null,
  filterStyle: null,
};

function byId(id) {
  return document.getElementById(id);
}

function readJson(id) {
  return JSON.parse(byId(id).textContent);
}

const ENTITIES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

function esc(text) {
  return String(text).replace(/[&<>"']/g, (c) => ENTITIES[c]);
}

function seconds(ms) {
  return (ms / 1000).toFixed(3) + " s";
}

function tickLabel(ms, step) {
  const digits = step >= 1000 ? 0 : step >= 100 ? 1 : step >= 10 ? 2 : 3;
  return (ms / 1000).toFixed(digits) + " s";
}

function fieldText(value) {
  return typeof value === "string" ? value : JSON.stringify(value);
}

function fieldEntries(item) {
  return Object.entries(item).filter(([key]) => key !== "at_ms" && key !== "kind" && key !== "type");
}

function isWarning(type) {
  return S.meta.warn.includes(type) || type.endsWith(S.meta.failedSuffix);
}

function kindOf(item) {
  return KINDS.includes(item.kind) ? item.kind : "event";
}

function typeKey(kind, type) {
  return kind + "\u0000" + type;
}

/* ---- the model: lanes, segments, item texts ---- */

function buildLanes(items, meta) {
  const lanes = meta.regions
    .map((r) => ({ name: r.name, region: true, initial: r.initial, marks: [], segments: [] }))
    .concat(KINDS.map((name) => ({ name, region: false, marks: [], segments: [] })));
  const byName = new Map(lanes.map((lane) => [lane.name, lane]));
  items.forEach((item, i) => {
    const region = item.type === "state_changed" ? byName.get(item.region) : undefined;
    const lane = region && region.region ? region : byName.get(kindOf(item));
    lane.marks.push(i);
  });
  for (const lane of lanes) {
    lane.marks.sort((a, b) => items[a].at_ms - items[b].at_ms || a - b);
  }
  return lanes;
}

/* Each region's states over time, from `state_changed`; a `restart` sets every region back to
   its first state, unless it is the run's last moment. A state the engine reports leaving that
   differs from the one assumed after a (re)start replaces it: the engine knows (a store). */
function buildSegments(items, lanes, t0, t1) {
  const regions = lanes.filter((lane) => lane.region);
  const open = new Map();
  const startAll = (at) =>
    regions.forEach((lane) => open.set(lane.name, { state: lane.initial, start: at, assumed: true }));
  const close = (lane, at) => {
    const current = open.get(lane.name);
    if (current) lane.segments.push({ state: current.state, start: current.start, end: at });
    open.delete(lane.name);
  };
  startAll(t0);
  for (const item of items) {
    if (item.kind === "input" && item.type === "restart") {
      regions.forEach((lane) => close(lane, item.at_ms));
      if (item.at_ms < t1) startAll(item.at_ms);
      S.restarts.push(item.at_ms);
    } else if (item.type === "state_changed") {
      const lane = regions.find((r) => r.name === item.region);
      if (!lane) continue;
      const current = open.get(lane.name);
      if (current && current.assumed && typeof item.from === "string") current.state = item.from;
      close(lane, item.at_ms);
      open.set(lane.name, { state: String(item.to), start: item.at_ms, assumed: false });
    }
  }
  regions.forEach((lane) => close(lane, t1));
}

function markClasses(item) {
  const kind = kindOf(item);
  let classes = "mark " + kind;
  if (item.type === "state_changed") classes += " state";
  if (kind === "input" && item.type === "restart") classes += " restart";
  if (S.meta.upload.includes(item.type)) classes += " upload";
  if (S.meta.click.includes(item.type)) classes += " click";
  if (isWarning(item.type)) classes += " warn";
  return classes;
}

function tooltip(item) {
  const parts = [seconds(item.at_ms), item.kind, item.type];
  const fields = fieldEntries(item)
    .map(([key, value]) => key + "=" + fieldText(value))
    .join(" ");
  if (fields) parts.push(fields);
  const text = parts.join(" · ");
  return text.length > TITLE_CAP ? text.slice(0, TITLE_CAP - 1) + "…" : text;
}

/* The parts of a mark's HTML that do not change with the zoom. */
function buildHeads(items) {
  S.tips = items.map(tooltip);
  S.heads = items.map(
    (item, i) =>
      ` data-i="${i}" data-kind="${esc(item.kind)}" data-type="${esc(item.type)}"` +
      ` data-at-ms="${esc(item.at_ms)}" title="${esc(S.tips[i])}"`,
  );
  S.classes = items.map(markClasses);
}

/* ---- drawing ---- */

function xOf(at) {
  return PAD + (at - S.t0) * S.scale;
}

function laneHeight(lane) {
  return lane.region ? SEGMENT_ROWS + REGION_ROWS * ROW + 4 : TRACE_ROWS * ROW + 8;
}

/* Marks that would cover each other go to the next row, then a little to the right; when the
   zoom is too far out for that, they overlap until one zooms in. */
function placeMarks(lane) {
  const rows = lane.region ? REGION_ROWS : TRACE_ROWS;
  const top = lane.region ? SEGMENT_ROWS : 4;
  const ends = new Array(rows).fill(-Infinity);
  for (const i of lane.marks) {
    const x = xOf(S.items[i].at_ms);
    let row = ends.findIndex((end) => end <= x);
    let left = x;
    if (row < 0) {
      row = ends.indexOf(Math.min(...ends));
      left = ends[row] - x <= MAX_NUDGE ? ends[row] : x;
    }
    ends[row] = Math.max(ends[row], left + SLOT);
    S.pos[i] = left;
    S.row[i] = top + row * ROW + ROW / 2;
  }
}

function tickStep(scale) {
  for (let step = 1; ; step *= 10) {
    for (const factor of [1, 2, 5]) {
      if (step * factor * scale >= MIN_TICK_PX) return step * factor;
    }
  }
}

function axisHtml(width, step) {
  let html = `<div class="axis-row"><div class="lane-label">time</div><div class="lane-body axis-body" style="width:${width}px">`;
  const last = S.t0 + (width - PAD) / S.scale;
  for (let t = Math.ceil(S.t0 / step) * step; t <= last; t += step) {
    html += `<div class="tick" style="left:${xOf(t).toFixed(1)}px"><span>${tickLabel(t, step)}</span></div>`;
  }
  return html + "</div></div>";
}

/* Where a state bar goes at this zoom, and whether its name fits in it. */
function segmentBox(segment) {
  const width = Math.max(2, (segment.end - segment.start) * S.scale);
  return { left: xOf(segment.start).toFixed(1) + "px", width: width.toFixed(1) + "px", named: width >= 28 };
}

function segmentHtml(segment, lane) {
  const box = segmentBox(segment);
  const hue = segment.state in HUES ? HUES[segment.state] : hashHue(segment.state);
  const title = `${lane.name}: ${segment.state}, ${seconds(segment.start)} – ${seconds(segment.end)}`;
  return (
    `<div class="segment${box.named ? "" : " narrow"}" data-state="${esc(segment.state)}"` +
    ` style="left:${box.left};width:${box.width};--hue:${hue}" title="${esc(title)}">` +
    `${box.named ? esc(segment.state) : ""}</div>`
  );
}

function hashHue(text) {
  let hash = 0;
  for (const c of text) hash = (hash * 31 + c.charCodeAt(0)) % 360;
  return hash;
}

function markHtml(i) {
  let classes = S.classes[i];
  if (i === S.selected) classes += " selected";
  if (S.matches && !S.matches[i]) classes += " hidden";
  return `<div class="${classes}"${S.heads[i]} style="left:${S.pos[i].toFixed(1)}px;top:${S.row[i]}px"></div>`;
}

function laneHtml(lane, width) {
  const note = lane.region ? "region" : lane.name + "s";
  const parts = [
    `<div class="lane" data-lane="${esc(lane.name)}" style="height:${laneHeight(lane)}px">`,
    `<div class="lane-label">${esc(lane.name)}<span class="lane-note">${note} · ${lane.marks.length}</span></div>`,
    `<div class="lane-body" style="width:${width}px">`,
  ];
  for (const segment of lane.segments) parts.push(segmentHtml(segment, lane));
  for (const at of S.restarts) parts.push(`<div class="restart-line" style="left:${xOf(at).toFixed(1)}px"></div>`);
  placeMarks(lane);
  for (const i of lane.marks) parts.push(markHtml(i));
  parts.push("</div></div>");
  return parts.join("");
}

function trackWidth() {
  return Math.ceil(2 * PAD + S.span * S.scale);
}

/* The track's width and the grid of the lanes for this zoom; the tick step. */
function sizeTrack(width) {
  const step = tickStep(S.scale);
  const track = byId("track");
  track.style.width = LABEL_WIDTH + width + "px";
  track.style.setProperty("--tick-px", step * S.scale + "px");
  track.style.setProperty("--tick-offset", xOf(Math.ceil(S.t0 / step) * step).toFixed(1) + "px");
  return step;
}

/* The first drawing: the whole track as one string, set at once. */
function render() {
  const width = trackWidth();
  const step = sizeTrack(width);
  const parts = [axisHtml(width, step)];
  for (const lane of S.lanes) parts.push(laneHtml(lane, width));
  const track = byId("track");
  track.innerHTML = parts.join("");
  S.nodes = null;
  S.axis = track.querySelector(".axis-row");
  const lanes = track.getElementsByClassName("lane");
  S.lanes.forEach((lane, k) => {
    lane.body = lanes[k].querySelector(".lane-body");
    lane.segmentNodes = lane.body.getElementsByClassName("segment");
    lane.restartNodes = lane.body.getElementsByClassName("restart-line");
  });
}

/* A new zoom: the same nodes, moved (no new marks to build). */
function reposition() {
  const width = trackWidth();
  const step = sizeTrack(width);
  S.axis.outerHTML = axisHtml(width, step);
  S.axis = byId("track").querySelector(".axis-row");
  for (const lane of S.lanes) {
    lane.body.style.width = width + "px";
    lane.segments.forEach((segment, k) => moveSegment(lane.segmentNodes[k], segment));
    S.restarts.forEach((at, k) => {
      lane.restartNodes[k].style.left = xOf(at).toFixed(1) + "px";
    });
    placeMarks(lane);
    for (const i of lane.marks) {
      const style = nodeOf(i).style;
      style.left = S.pos[i].toFixed(1) + "px";
      style.top = S.row[i] + "px";
    }
  }
}

function moveSegment(node, segment) {
  const box = segmentBox(segment);
  node.style.left = box.left;
  node.style.width = box.width;
  const text = box.named ? segment.state : "";
  if (node.textContent !== text) {
    node.textContent = text;
    node.classList.toggle("narrow", !box.named);
  }
}

/* The mark of item i (the marks are in lane order in the page). */
function nodeOf(i) {
  if (!S.nodes) {
    const found = byId("track").getElementsByClassName("mark");
    S.nodes = new Array(S.items.length);
    S.domOrder.forEach((item, k) => {
      S.nodes[item] = found[k];
    });
  }
  return S.nodes[i];
}

/* ---- zoom ---- */

function fitScale() {
  const box = byId("timeline").clientWidth || 1200;
  const room = Math.max(100, box - LABEL_WIDTH - 2 * PAD);
  return clampScale(room / S.span);
}

function clampScale(scale) {
  return Math.min(S.maxScale, Math.max(MIN_SCALE, scale));
}

/* Zooms keeping the time under `anchor` (px from the timeline's left edge) where it is. */
function zoomTo(scale, anchor) {
  const box = byId("timeline");
  const at = anchor === undefined ? LABEL_WIDTH + (box.clientWidth - LABEL_WIDTH) / 2 : anchor;
  const time = S.t0 + (box.scrollLeft + at - LABEL_WIDTH - PAD) / S.scale;
  S.scale = clampScale(scale);
  reposition();
  box.scrollLeft = Math.max(0, (time - S.t0) * S.scale + PAD + LABEL_WIDTH - at);
}

function zoomFit() {
  S.scale = fitScale();
  reposition();
  byId("timeline").scrollLeft = 0;
}

function onWheel(event) {
  if (!event.ctrlKey && !event.metaKey) return;
  event.preventDefault();
  const box = byId("timeline").getBoundingClientRect();
  zoomTo(S.scale * (event.deltaY < 0 ? 1.25 : 0.8), event.clientX - box.left);
}

/* ---- selection and the detail panel ---- */

function select(i, scroll) {
  if (!(i >= 0 && i < S.items.length)) return;
  if (S.selected !== null) nodeOf(S.selected)?.classList.remove("selected");
  S.selected = i;
  const node = nodeOf(i);
  node?.classList.add("selected");
  if (scroll && node) node.scrollIntoView({ block: "nearest", inline: "center" });
  showDetail(i);
}

function showDetail(i) {
  const item = S.items[i];
  const rows = fieldEntries(item)
    .map(([key, value]) => `<tr><td class="field-name">${esc(key)}</td><td class="field-value">${esc(fieldText(value))}</td></tr>`)
    .join("");
  const hidden = isShown(i) ? "" : `<p class="hint">Hidden by the filter or the search.</p>`;
  byId("detail").innerHTML =
    `<h2 class="detail-type">${esc(item.type)}</h2>` +
    `<p class="detail-head"><span class="detail-time">${seconds(item.at_ms)}</span> · ` +
    `<span class="detail-kind">${esc(item.kind)}</span> · item ${i + 1} of ${S.items.length}</p>` +
    hidden +
    (rows ? `<table class="fields"><tbody>${rows}</tbody></table>` : `<p class="hint">No fields.</p>`) +
    `<p class="hint">←/→: the previous or next item shown.</p>`;
}

function step(direction) {
  const n = S.items.length;
  let i = S.selected === null ? (direction > 0 ? -1 : n) : S.selected;
  for (i += direction; i >= 0 && i < n; i += direction) {
    if (isShown(i)) return select(i, true);
  }
}

function onKey(event) {
  if (event.altKey || event.ctrlKey || event.metaKey) return;
  const target = event.target;
  if (target && (target.tagName === "INPUT" || target.tagName === "TEXTAREA")) return;
  if (event.key === "ArrowRight" || event.key === "ArrowLeft") {
    event.preventDefault();
    step(event.key === "ArrowRight" ? 1 : -1);
  }
}

/* ---- filters ---- */

function isShown(i) {
  const item = S.items[i];
  const kind = kindOf(item);
  return (
    !S.hiddenKinds.has(kind) &&
    !S.hiddenTypes.has(typeKey(kind, item.type)) &&
    (!S.matches || S.matches[i])
  );
}

function cssString(text) {
  return JSON.stringify(String(text));
}

function applyFilters() {
  const rules = [];
  for (const kind of S.hiddenKinds) rules.push(`#track .mark[data-kind=${cssString(kind)}]`);
  for (const key of S.hiddenTypes) {
    const [kind, type] = key.split("\u0000");
    rules.push(`#track .mark[data-kind=${cssString(kind)}][data-type=${cssString(type)}]`);
  }
  S.filterStyle.textContent = rules.length ? rules.join(",\n") + " { display: none; }" : "";
  for (const group of document.querySelectorAll(".filter-group")) {
    group.classList.toggle("off", S.hiddenKinds.has(group.dataset.kind));
  }
  updateShownCount();
}

function updateShownCount() {
  let shown = 0;
  for (let i = 0; i < S.items.length; i += 1) if (isShown(i)) shown += 1;
  byId("shown-count").textContent = `${shown} of ${S.items.length} items shown`;
}

function filtersHtml() {
  const counts = new Map();
  for (const item of S.items) {
    const kind = kindOf(item);
    if (!counts.has(kind)) counts.set(kind, new Map());
    const types = counts.get(kind);
    types.set(item.type, (types.get(item.type) || 0) + 1);
  }
  return KINDS.map((kind) => {
    const types = [...(counts.get(kind) || new Map())].sort((a, b) => a[0].localeCompare(b[0]));
    const total = types.reduce((sum, [, n]) => sum + n, 0);
    const boxes = types
      .map(
        ([type, n]) =>
          `<label class="filter-type"><input type="checkbox" data-filter-type="${esc(type)}" data-kind="${kind}" checked> ${esc(type)} <span class="count">${n}</span></label>`,
      )
      .join("");
    return (
      `<fieldset class="filter-group" data-kind="${kind}"><legend><label><input type="checkbox" data-filter-kind="${kind}" checked> ${kind}s <span class="count">${total}</span></label></legend>${boxes}</fieldset>`
    );
  }).join("");
}

function onFilterChange(event) {
  const box = event.target;
  if (box.dataset.filterKind) {
    toggle(S.hiddenKinds, box.dataset.filterKind, !box.checked);
  } else if (box.dataset.filterType) {
    toggle(S.hiddenTypes, typeKey(box.dataset.kind, box.dataset.filterType), !box.checked);
  } else {
    return;
  }
  applyFilters();
}

function toggle(set, key, on) {
  if (on) set.add(key);
  else set.delete(key);
}

/* The search box: items whose kind, type or any field contains the text (any case). */
function applySearch() {
  const query = byId("search").value.trim().toLowerCase();
  if (!query && !S.matches) return;
  if (!S.search.length) S.search = S.items.map((item) => JSON.stringify(item).toLowerCase());
  const matches = query ? S.search.map((text) => text.includes(query)) : null;
  for (let i = 0; i < S.items.length; i += 1) {
    const before = !S.matches || S.matches[i];
    const after = !matches || matches[i];
    if (before !== after) nodeOf(i)?.classList.toggle("hidden", !after);
  }
  S.matches = matches;
  updateShownCount();
}

function debounce(fn, ms) {
  let timer = 0;
  return () => {
    clearTimeout(timer);
    timer = setTimeout(fn, ms);
  };
}

/* ---- find: uploads, clicks and warnings ---- */

function findGroupHtml(title, indices, itemClass) {
  const listed = indices.slice(0, FIND_CAP);
  const entries = listed
    .map((i) => {
      const item = S.items[i];
      return `<li><button type="button" class="${itemClass}" data-i="${i}" title="${esc(S.tips[i])}">${seconds(item.at_ms)} · ${esc(item.type)}</button></li>`;
    })
    .join("");
  const more = indices.length > listed.length
    ? `<p class="more">… and ${indices.length - listed.length} more (←/→ and the filter reach them)</p>`
    : "";
  const body = indices.length ? `<ul>${entries}</ul>${more}` : `<p class="more">none</p>`;
  return `<section class="find-group"><h3>${title} <span class="count">${indices.length}</span></h3>${body}</section>`;
}

function buildFind() {
  const uploads = [];
  const clicks = [];
  const warnings = [];
  S.items.forEach((item, i) => {
    if (S.meta.upload.includes(item.type)) uploads.push(i);
    if (S.meta.click.includes(item.type)) clicks.push(i);
    if (isWarning(item.type)) warnings.push(i);
  });
  S.warnings = warnings;
  byId("find").innerHTML =
    "<h2>Find</h2>" +
    findGroupHtml("Uploads and clears", uploads, "find-item upload-item") +
    findGroupHtml("Clicks", clicks, "find-item click-item") +
    findGroupHtml("Warnings", warnings, "warn-item");
  const next = byId("warning-next");
  next.textContent = warnings.length === 1 ? "⚠ 1 warning" : `⚠ ${warnings.length} warnings`;
  next.disabled = warnings.length === 0;
}

function nextWarning() {
  if (!S.warnings.length) return;
  const after = S.warnings.find((i) => S.selected === null || i > S.selected);
  select(after === undefined ? S.warnings[0] : after, true);
}

function onFindClick(event) {
  const entry = event.target.closest("[data-i]");
  if (entry) select(Number(entry.dataset.i), true);
}

function onTrackClick(event) {
  const mark = event.target.closest(".mark");
  if (mark) select(Number(mark.dataset.i), false);
}

/* ---- start ---- */

function bindEvents() {
  byId("zoom-in").addEventListener("click", () => zoomTo(S.scale * 2));
  byId("zoom-out").addEventListener("click", () => zoomTo(S.scale / 2));
  byId("zoom-fit").addEventListener("click", zoomFit);
  byId("timeline").addEventListener("wheel", onWheel, { passive: false });
  byId("track").addEventListener("click", onTrackClick);
  byId("find").addEventListener("click", onFindClick);
  byId("filters").addEventListener("change", onFilterChange);
  byId("search").addEventListener("input", debounce(applySearch, 150));
  byId("warning-next").addEventListener("click", nextWarning);
  document.addEventListener("keydown", onKey);
}

function start() {
  const started = performance.now();
  S.meta = readJson("trace-meta");
  S.items = readJson("trace-data");
  const times = S.items.map((item) => item.at_ms);
  S.t0 = times.length ? times.reduce((a, b) => Math.min(a, b)) : 0;
  S.t1 = times.length ? times.reduce((a, b) => Math.max(a, b)) : 0;
  S.span = Math.max(S.t1 - S.t0, 1000);
  S.maxScale = Math.max(MIN_SCALE, Math.min(MAX_SCALE, MAX_TRACK_PX / S.span));
  S.pos = new Float64Array(S.items.length);
  S.row = new Float64Array(S.items.length);
  S.lanes = buildLanes(S.items, S.meta);
  S.domOrder = S.lanes.flatMap((lane) => lane.marks);
  buildSegments(S.items, S.lanes, S.t0, S.t1);
  buildHeads(S.items);
  S.filterStyle = document.createElement("style");
  document.head.appendChild(S.filterStyle);
  document.documentElement.style.setProperty("--label-width", LABEL_WIDTH + "px");
  byId("filters").innerHTML = filtersHtml();
  buildFind();
  S.scale = fitScale();
  render();
  updateShownCount();
  bindEvents();
  void byId("track").offsetWidth; // the first layout belongs to the first render
  const renderMs = performance.now() - started;
  window.pushlaneTimeline = {
    items: S.items,
    renderMs,
    select: (i) => select(i, true),
    scale: () => S.scale,
  };
}

start();
