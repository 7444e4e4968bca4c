//! `--format html`: one self-contained page (scenario.md "`--format html`"). The Rust side
//! writes the page's frame, its stylesheet and script (`page.css`, `page.js`, kept as files of
//! their own) and the trace as JSON; the script draws the lanes, marks, filters and the find
//! list when the page opens, from `file://` too. Nothing in the page refers outside it.

use super::{head, seconds, Run, CLICK_TYPES, FAILED_SUFFIX, UPLOAD_TYPES, WARN_TYPES};
use pushlane::statechart::Region;
use serde_json::{json, Value};
use std::fmt::Write as _;

/// The page's stylesheet.
pub const PAGE_CSS: &str = include_str!("page.css");
/// The page's script: plain ES2020, no dependencies.
pub const PAGE_JS: &str = include_str!("page.js");

/// The id of the `<script type="application/json">` holding the trace items.
pub const DATA_ID: &str = "trace-data";
/// The id of the one holding the title, notes, regions and item classes.
pub const META_ID: &str = "trace-meta";

/// The whole page for `run`.
pub fn page(run: &Run) -> String {
    let title = if run.title.is_empty() {
        "pushlane trace"
    } else {
        run.title
    };
    let mut out = String::with_capacity(PAGE_CSS.len() + PAGE_JS.len() + 200 * run.items.len());
    out.push_str("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    out.push_str("<meta name=\"generator\" content=\"pushlane\">\n");
    let _ = writeln!(out, "<title>{}</title>", escape_text(title));
    let _ = writeln!(out, "<style>\n{PAGE_CSS}</style>\n</head>\n<body>");
    header(&mut out, title, run);
    out.push_str(BODY);
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"{META_ID}\">{}</script>",
        script_json(&meta(title, run.notes))
    );
    let _ = writeln!(
        out,
        "<script type=\"application/json\" id=\"{DATA_ID}\">{}</script>",
        script_json(&Value::Array(run.items.to_vec()))
    );
    let _ = writeln!(out, "<script>\n{PAGE_JS}</script>\n</body>\n</html>");
    out
}

/// The header: title, item count, time span, notes and the legend of mark shapes.
fn header(out: &mut String, title: &str, run: &Run) {
    let times = run.items.iter().map(|item| head(item).0);
    let span = match (times.clone().min(), times.max()) {
        (Some(first), Some(last)) => format!("{} – {}", seconds(first), seconds(last)),
        _ => "no items".to_string(),
    };
    let count = run.items.len();
    let items = if count == 1 { "item" } else { "items" };
    out.push_str("<header id=\"header\">\n");
    let _ = writeln!(out, "<h1 id=\"title\">{}</h1>", escape_text(title));
    let _ = writeln!(
        out,
        "<p id=\"summary\"><span id=\"item-count\">{count} {items}</span> · \
         <span id=\"time-span\">{span}</span> of virtual time</p>"
    );
    if !run.notes.is_empty() {
        out.push_str("<ul id=\"notes\">");
        for note in run.notes {
            let _ = write!(out, "<li>{}</li>", escape_text(note));
        }
        out.push_str("</ul>\n");
    }
    out.push_str(LEGEND);
    out.push_str("</header>\n");
}

/// The legend: one swatch per kind of mark, styled as the marks are.
const LEGEND: &str = "<div id=\"legend\">\
<span class=\"legend-entry\"><span class=\"swatch input\"></span>input</span>\
<span class=\"legend-entry\"><span class=\"swatch input restart\"></span>restart</span>\
<span class=\"legend-entry\"><span class=\"swatch effect\"></span>effect</span>\
<span class=\"legend-entry\"><span class=\"swatch event\"></span>event</span>\
<span class=\"legend-entry\"><span class=\"swatch event state\"></span>state_changed</span>\
<span class=\"legend-entry\"><span class=\"swatch upload\"></span>upload or clear</span>\
<span class=\"legend-entry\"><span class=\"swatch click\"></span>click</span>\
<span class=\"legend-entry\"><span class=\"swatch warn\"></span>warning, error, failure</span>\
<span class=\"legend-entry\"><span class=\"swatch warn minor\"></span>ignored</span>\
<span class=\"legend-entry\"><span class=\"swatch restart-swatch\"></span>restart line</span>\
</div>\n";

/// Filters, controls, the timeline, the detail panel and the find list (the script fills
/// them in).
const BODY: &str = "<div id=\"toolbar\">\n\
<div id=\"filters\" aria-label=\"Filter by kind and type\"></div>\n\
<div id=\"controls\">\
<button id=\"zoom-out\" type=\"button\" title=\"Zoom out (ctrl/⌘ + wheel)\">−</button>\
<button id=\"zoom-fit\" type=\"button\" title=\"Fit the whole run in the window\">fit</button>\
<button id=\"zoom-in\" type=\"button\" title=\"Zoom in (ctrl/⌘ + wheel)\">+</button>\
<input id=\"search\" type=\"search\" placeholder=\"search fields\" aria-label=\"Show only items whose fields contain this text\">\
<span id=\"shown-count\"></span>\
<button id=\"warning-next\" type=\"button\" title=\"Select the next warning\"></button>\
</div>\n</div>\n\
<div id=\"layout\">\n\
<main id=\"timeline\" tabindex=\"0\"><div id=\"track\"></div></main>\n\
<div id=\"side\">\n\
<aside id=\"detail\"><p class=\"hint\">Click a mark to see its fields. ←/→ select the previous or next item shown.</p></aside>\n\
<nav id=\"find\"></nav>\n\
</div>\n</div>\n\
<noscript><p>This page draws the timeline with JavaScript; the trace is in the <code>trace-data</code> script element as JSON.</p></noscript>\n";

/// What the script needs besides the items: which types are uploads, clicks and warnings,
/// and the regions with their first states.
fn meta(title: &str, notes: &[String]) -> Value {
    // The regions and their first states come from the core's statechart, which the machine
    // runs against; a simulator `restart` puts every region back in its first state.
    let regions: Vec<Value> = Region::ALL
        .iter()
        .map(|region| json!({ "name": region.name(), "initial": region.initial() }))
        .collect();
    json!({
        "title": title,
        "notes": notes,
        "regions": regions,
        "upload": UPLOAD_TYPES,
        "click": CLICK_TYPES,
        "warn": WARN_TYPES,
        "failedSuffix": FAILED_SUFFIX,
    })
}

/// JSON to put inside `<script>`: nothing in it can end the element (`</script>`) or open a
/// comment, and no address (`https://…` in a field) appears literally. The escapes are JSON's
/// own, so `JSON.parse` gives back the same value.
pub fn script_json(value: &Value) -> String {
    let text = value.to_string();
    let mut out = String::with_capacity(text.len() + text.len() / 16);
    for c in text.chars() {
        match c {
            // Outside strings JSON has none of these, so replacing them everywhere is exact.
            '<' => out.push_str("\\u003c"),
            '>' => out.push_str("\\u003e"),
            '&' => out.push_str("\\u0026"),
            '/' => out.push_str("\\/"),
            '\u{2028}' => out.push_str("\\u2028"),
            '\u{2029}' => out.push_str("\\u2029"),
            c => out.push(c),
        }
    }
    out
}

/// Text for an HTML element or attribute; `/` too, so that no address appears literally.
pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            '/' => out.push_str("&#47;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample() -> Vec<Value> {
        vec![
            json!({"at_ms": 0, "kind": "input", "type": "sdk_initialized"}),
            json!({"at_ms": 5100, "kind": "input", "type": "vendor_error",
                "reason": "</script><b>x</b> see https://example.invalid/a & <!-- b"}),
        ]
    }

    #[test]
    fn fields_cannot_break_out_of_the_data_script() {
        let items = sample();
        let page = page(&Run {
            title: "T",
            items: &items,
            notes: &[],
        });
        assert!(!page.contains("</script><b>"), "{page}");
        assert!(!page.contains("<!--"), "{page}");
        assert!(!page.contains("https://"), "no address at all: {page}");
        let start = page.find("id=\"trace-data\">").unwrap() + "id=\"trace-data\">".len();
        let end = start + page[start..].find("</script>").unwrap();
        let back: Value = serde_json::from_str(&page[start..end]).unwrap();
        assert_eq!(back, Value::Array(items));
    }

    #[test]
    fn the_assets_are_self_contained() {
        for (name, text) in [("page.css", PAGE_CSS), ("page.js", PAGE_JS)] {
            let lower = text.to_lowercase();
            for bad in [
                "http:", "https:", "<script", "</style", "<style", "<!--", "@import", "url(",
            ] {
                assert!(!lower.contains(bad), "{name} contains {bad}");
            }
        }
        assert!(PAGE_JS.starts_with("\"use strict\";"), "page.js is strict");
    }

    #[test]
    fn the_header_counts_items_and_shows_the_span_and_notes() {
        let items = sample();
        let notes = vec!["stopped <early>".to_string()];
        let page = page(&Run {
            title: "",
            items: &items,
            notes: &notes,
        });
        assert!(page.contains("<title>pushlane trace</title>"), "{page}");
        assert!(page.contains("2 items</span>"), "{page}");
        assert!(page.contains("0.000 s – 5.100 s"), "{page}");
        assert!(page.contains("<li>stopped &lt;early&gt;</li>"), "{page}");
    }
}
