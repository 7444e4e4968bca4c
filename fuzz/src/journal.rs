//! Target `journal`: the journal reader (`replay`'s input) on arbitrary text, and replaying
//! every journal it accepts.
//!
//! A journal that parses must
//!
//! - have times that never run backwards;
//! - replay the same way twice (lifecycle.md invariant 10), when its config builds a machine;
//! - be written back by the engine's own journal writer (header and `input_line`) into a
//!   journal the reader accepts again, with the same entries: what the engine writes, `replay`
//!   reads.

use pushlane::runtime::{input_line, parse_journal, replay_items, JournalFile};

pub fn check(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let Ok(journal) = parse_journal(&text) else {
        return;
    };
    assert!(
        journal.entries.windows(2).all(|w| w[0].at_ms <= w[1].at_ms),
        "a journal whose times run backwards was accepted"
    );
    if let Ok(items) = replay_items(&journal, pushlane::link_vendors()) {
        let again = replay_items(&journal, pushlane::link_vendors())
            .expect("the second replay of a journal that replayed");
        assert_eq!(items, again, "two replays of one journal differ");
        for item in &items {
            if let Some(output) = item.output() {
                let _ = output.trace_line(item.at_ms);
            }
        }
    }
    let written = write(&journal);
    let reread = parse_journal(&written)
        .unwrap_or_else(|e| panic!("the journal written back is refused: {e}\n{written}"));
    assert_eq!(
        write(&reread),
        written,
        "a journal written back twice differs"
    );
    assert_eq!(reread.entries.len(), journal.entries.len());
}

/// The journal as the engine's writer writes it.
fn write(journal: &JournalFile) -> String {
    let mut text = serde_json::to_string(&journal.header).expect("a header serialises");
    text.push('\n');
    for entry in &journal.entries {
        text.push_str(&input_line(entry.at_ms, &entry.input).to_string());
        text.push('\n');
    }
    text
}
