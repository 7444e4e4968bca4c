//! `pushlane simulate --format html` and `--format mermaid` (scenario.md "The trace"): the
//! page is self-contained, carries exactly the trace as people see it and nothing secret, and
//! cannot be broken out of; the diagram of the first example is pinned, and every input and
//! effect lifecycle.md lists has its place in it. The browser test (tests/browser/) opens the
//! page for real.
//!
//! The 10 000-item page is written to `$CARGO_TARGET_TMPDIR/timeline/large.html` for measuring
//! it in a browser. To rewrite the pinned diagram after a deliberate change:
//! `UPDATE_GOLDEN=1 cargo test -p pushlane-cli --test timeline`, then review the diff.

mod common;

use common::{golden, pushlane, pushlane_at_root, workspace_root};
use pushlane_cli::timeline::sequence::{effect_receiver, input_sender, is_known};
use pushlane_cli::trace::shorten_token;
use serde_json::Value;
use std::path::{Path, PathBuf};

const XIAOMI: &str = "examples/scenarios/01-xiaomi-china-edition.toml";

/// The first `<script type="application/json" id="ID">` of a page, parsed.
fn embedded(page: &str, id: &str) -> Value {
    let open = format!("<script type=\"application/json\" id=\"{id}\">");
    let start = page.find(&open).unwrap_or_else(|| panic!("no {open}")) + open.len();
    let end = start
        + page[start..]
            .find("</script>")
            .expect("the script is closed");
    serde_json::from_str(&page[start..end]).unwrap_or_else(|e| panic!("{id} is not JSON: {e}"))
}

/// `pushlane ARGS…` from the workspace root, which must succeed quietly.
fn output_of(args: &[&str]) -> String {
    let run = pushlane_at_root(args);
    assert_eq!(run.code, 0, "pushlane {}: {}", args.join(" "), run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    run.stdout
}

/// The jsonl trace's items.
fn jsonl(args: &[&str]) -> Vec<Value> {
    output_of(args)
        .lines()
        .map(|line| serde_json::from_str(line).unwrap())
        .collect()
}

/// The items as the formats for people show them: the token field shortened.
fn for_people(items: Vec<Value>) -> Vec<Value> {
    items
        .into_iter()
        .map(|mut item| {
            if let Some(Value::String(token)) = item.get("token").cloned() {
                item["token"] = Value::String(shorten_token(&token));
            }
            item
        })
        .collect()
}

/// Nothing in the page reaches outside it.
fn assert_self_contained(page: &str) {
    let lower = page.to_lowercase();
    for outside in [
        "http://", "https://", "src=", "href=", "<link", "@import", "url(",
    ] {
        assert!(!lower.contains(outside), "the page contains `{outside}`");
    }
    assert_eq!(
        page.matches("<script").count(),
        3,
        "meta, data and one inline script"
    );
    assert_eq!(page.matches("<script>").count(), 1, "one inline script");
    assert_eq!(page.matches("<style>").count(), 1, "one inline stylesheet");
}

#[test]
fn the_page_is_self_contained_and_carries_the_trace_for_people() {
    let page = output_of(&["simulate", XIAOMI, "--format", "html"]);
    assert!(page.starts_with("<!DOCTYPE html>"), "{page}");
    assert!(page.trim_end().ends_with("</html>"));
    assert_self_contained(&page);
    let title = "Redmi phone, China edition: token reaches the Chat server 5 s after init";
    assert!(page.contains(&format!("<title>{title}</title>")));
    assert!(page.contains(&format!("<h1 id=\"title\">{title}</h1>")));
    assert!(page.contains("<span id=\"item-count\">26 items</span>"));
    assert!(page.contains("0.000 s – 12.000 s"));
    // Exactly the jsonl trace, tokens shortened; the raw token nowhere.
    let expected = for_people(jsonl(&["simulate", XIAOMI, "--format", "jsonl"]));
    assert_eq!(embedded(&page, "trace-data"), Value::Array(expected));
    assert!(!page.contains("mi-token-1"));
    assert!(page.contains("mi-t…[fp:9fca05e3]"));
    // The lanes the script draws, in order: the regions, then the kinds.
    let meta = embedded(&page, "trace-meta");
    let regions: Vec<&str> = meta["regions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["name"].as_str().unwrap())
        .collect();
    assert_eq!(regions, ["init", "session", "token", "visibility", "click"]);
    assert!(page.contains("const KINDS = [\"input\", \"effect\", \"event\"];"));
    for id in [
        "id=\"filters\"",
        "id=\"track\"",
        "<aside id=\"detail\">",
        "<nav id=\"find\">",
        "id=\"zoom-in\"",
        "id=\"zoom-out\"",
        "id=\"zoom-fit\"",
        "id=\"shown-count\"",
        "id=\"search\"",
    ] {
        assert!(page.contains(id), "the page has {id}");
    }
}

/// A copy of the Xiaomi example under `dir`, named `name`, with `extra` steps appended.
fn xiaomi_with(dir: &Path, name: &str, extra: &str) -> PathBuf {
    let text = std::fs::read_to_string(workspace_root().join(XIAOMI)).unwrap();
    let text = text.replacen(
        "name = \"Redmi phone, China edition: token reaches the Chat server 5 s after init\"",
        &format!("name = {}", toml_string(name)),
        1,
    );
    let path = dir.join("scenario.toml");
    std::fs::write(&path, format!("{text}\n{extra}")).unwrap();
    path
}

fn toml_string(text: &str) -> String {
    serde_json::to_string(text).unwrap()
}

#[test]
fn a_field_or_a_name_cannot_break_out_of_the_page() {
    let dir = tempfile::tempdir().unwrap();
    let payload = "</script><b>boom</b><!-- https://example.invalid/x & 'q'";
    let step = format!(
        "[[step]]\nat_ms = 13000\ninput = \"vendor_error\"\nreason = {}\n",
        toml_string(&format!("{payload} mi-token-1"))
    );
    let file = xiaomi_with(dir.path(), "</title><script>alert(1)</script>", &step);
    let file = file.to_str().unwrap();
    let page = output_of(&["simulate", file, "--format", "html"]);
    assert_self_contained(&page);
    assert!(!page.contains("<b>boom"), "the payload stays text");
    assert!(!page.contains("<!--"));
    assert!(
        page.contains("<title>&lt;&#47;title&gt;&lt;script&gt;alert(1)&lt;&#47;script&gt;</title>")
    );
    let items = embedded(&page, "trace-data");
    let reason = items
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item["type"] == "vendor_error")
        .expect("the vendor_error input")["reason"]
        .as_str()
        .unwrap()
        .to_string();
    // The text comes back exactly, the token in it as its fingerprint.
    assert_eq!(
        reason,
        format!("{payload} {}", pushlane::fingerprint("mi-token-1"))
    );
    assert!(!page.contains("mi-token-1"));
}

#[test]
fn the_diagram_of_the_first_example_is_pinned() {
    let diagram = output_of(&["simulate", XIAOMI, "--format", "mermaid"]);
    assert!(!diagram.contains("mi-token-1"));
    golden("timeline/01-xiaomi-china-edition.mmd", &diagram);
}

/// The names in the first column of the table under `heading` in a docs page.
fn table_names(page: &str, heading: &str) -> Vec<String> {
    let text = std::fs::read_to_string(workspace_root().join("docs").join(page)).unwrap();
    let start = text
        .find(heading)
        .unwrap_or_else(|| panic!("{page} has {heading}"));
    let mut names = Vec::new();
    let mut in_table = false;
    for line in text[start..].lines().skip(1) {
        if let Some(rest) = line.strip_prefix("| `") {
            in_table = true;
            names.extend(
                rest.split('|')
                    .next()
                    .unwrap()
                    .split(", ")
                    .map(|name| name.trim().trim_matches('`').to_string()),
            );
        } else if in_table && !line.starts_with('|') {
            break;
        }
    }
    assert!(!names.is_empty(), "{page}: no table under {heading}");
    names
}

#[test]
fn every_input_and_effect_lifecycle_md_lists_has_a_sender_and_a_receiver() {
    let inputs = table_names("lifecycle.md", "## 1. Inputs");
    let effects = table_names("lifecycle.md", "## 2. Effects");
    assert!(
        inputs.len() >= 18 && effects.len() >= 15,
        "{inputs:?} {effects:?}"
    );
    for input in &inputs {
        assert!(input_sender(input).is_some(), "input {input} has no sender");
    }
    for effect in &effects {
        assert!(
            effect_receiver(effect).is_some(),
            "effect {effect} has no receiver"
        );
    }
    // scenario.md's table says the same, for every one of them.
    let documented = table_names("scenario.md", "#### Who sends what");
    for name in inputs.iter().chain(&effects) {
        assert!(
            documented.contains(name),
            "scenario.md's mermaid table lacks {name}"
        );
    }
}

#[test]
fn every_example_draws_without_an_unknown_item() {
    let dir = workspace_root().join("examples/scenarios");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .filter(|path| path.extension().is_some_and(|e| e == "jsonl"))
        .collect();
    files.sort();
    assert!(files.len() >= 12);
    for file in files {
        for line in std::fs::read_to_string(&file).unwrap().lines() {
            let item: Value = serde_json::from_str(line).unwrap();
            let (kind, item_type) = (
                item["kind"].as_str().unwrap(),
                item["type"].as_str().unwrap(),
            );
            assert!(
                is_known(kind, item_type),
                "{}: {kind} {item_type}",
                file.display()
            );
        }
        let toml = file.with_extension("toml");
        let diagram = output_of(&["simulate", toml.to_str().unwrap(), "--format", "mermaid"]);
        assert!(!diagram.contains("unknown input") && !diagram.contains("unknown effect"));
        assert!(diagram.starts_with("sequenceDiagram\n"), "{diagram}");
    }
}

#[test]
fn replay_draws_the_page_of_a_journal_titled_by_its_file_name() {
    let dir = tempfile::tempdir().unwrap();
    let journal = dir.path().join("xiaomi.journal");
    let journal = journal.to_str().unwrap();
    output_of(&[
        "simulate",
        XIAOMI,
        "--format",
        "jsonl",
        "--journal",
        journal,
    ]);
    let page = output_of(&["replay", journal, "--format", "html"]);
    assert_self_contained(&page);
    assert!(page.contains("<title>xiaomi.journal</title>"), "{page}");
    let expected = for_people(jsonl(&["replay", journal, "--format", "jsonl"]));
    assert_eq!(embedded(&page, "trace-data"), Value::Array(expected));
    let diagram = output_of(&["replay", journal, "--format", "mermaid"]);
    assert!(diagram.contains("Engine->>Chat: upload_token"), "{diagram}");
}

/// A scenario of about ten items a round: a Redmi phone used all day, backgrounded and
/// resumed, messages arriving and notifications tapped, logging out and in now and then.
fn long_day(rounds: u64) -> String {
    let mut text = String::from(
        "name = \"A long day on a Redmi phone\"\n\
         [device]\nplatform = \"android\"\nmanufacturer = \"Xiaomi\"\nandroid_api = 34\n\
         [config]\nedition = \"china\"\npackage_name = \"com.example.chat\"\n\
         launcher_class = \"com.example.chat.MainActivity\"\n\
         [[config.vendors]]\nvendor = \"xiaomi\"\nbusiness_id = 10001\n\
         app_id = \"2882303761517000000\"\napp_key = \"5731700000000\"\n\
         [host]\ntoken = \"mi-token-long-day\"\ntoken_after_ms = 300\n",
    );
    let mut step = |at_ms: u64, input: &str, fields: &str| {
        text.push_str(&format!(
            "[[step]]\nat_ms = {at_ms}\ninput = \"{input}\"\n{fields}"
        ));
    };
    step(0, "sdk_initialized", "");
    step(100, "plugin_init", "");
    step(200, "login", "user_id = \"alice\"\n");
    step(300, "ui_ready", "");
    for round in 0..rounds {
        let t = 10_000 + round * 10_000;
        let sender = format!("friend{}", round % 7);
        step(t, "app_state", "state = \"paused\"\n");
        step(
            t + 1_000,
            "message_received",
            &format!(
                "message = {{ msg_id = \"m-{round}\", sender = \"{sender}\", elem_type = \"text\", text = \"message {round}\" }}\n"
            ),
        );
        step(t + 1_500, "unread", &format!("count = {}\n", round % 9 + 1));
        step(
            t + 4_000,
            "notification_clicked",
            &format!(
                "source = \"xiaomi\"\npayload = {{ title = \"{sender}\", msgId = \"m-{round}\", ext = '{{\"conversationID\":\"c2c_{sender}\"}}' }}\n"
            ),
        );
        step(t + 4_200, "app_state", "state = \"resumed\"\n");
        step(
            t + 5_000,
            "conversation_shown",
            &format!("conversation_id = \"c2c_{sender}\"\n"),
        );
        if round % 50 == 49 {
            step(t + 8_000, "logout", "");
            step(t + 9_000, "login", "user_id = \"alice\"\n");
        }
    }
    text
}

#[test]
fn a_ten_thousand_item_page_stays_small() {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("timeline");
    std::fs::create_dir_all(&dir).unwrap();
    let scenario = dir.join("large.toml");
    std::fs::write(&scenario, long_day(1000)).unwrap();
    let run = pushlane(&["simulate", scenario.to_str().unwrap(), "--format", "html"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let page = run.stdout;
    std::fs::write(dir.join("large.html"), &page).unwrap();
    assert_self_contained(&page);
    let items = embedded(&page, "trace-data").as_array().unwrap().len();
    assert!(items >= 10_000, "{items} items");
    // The page is the data plus a fixed frame: about 100 bytes an item (docs/scenario.md).
    let per_item = page.len() / items;
    assert!(
        per_item <= 150,
        "{} bytes for {items} items: {per_item} an item",
        page.len()
    );
    assert!(!page.contains("mi-token-long-day"));
}
