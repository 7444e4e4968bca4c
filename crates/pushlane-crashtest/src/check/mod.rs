//! The checks on one killed (or finished) child: its report against the store it left.
//!
//! Everything is compared with tokens as fingerprints, as the report carries them.

mod facts;

use crate::protocol::{HostCall, Line, Seen, Sent};
use facts::{acknowledged_were_written, durable, writes_have_causes};
use pushlane::{PersistedState, StoreWrite};

/// What one child run came to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Every check that failed, in words.
    pub failures: Vec<String>,
    /// Where the kill landed: `finished` (no kill), `open` (before the engine had started),
    /// `write_applied` / `write_not_applied` / `in_write` (right after a write was announced:
    /// it had / had not reached the file / it changed nothing), or `after_<line kind>`.
    pub phase: String,
    /// `W` lines seen.
    pub writes: usize,
    /// `K` lines seen.
    pub acks: usize,
    /// The server had accepted an upload the engine had not recorded yet when the kill came.
    pub unrecorded_upload: bool,
    /// … and push is off, and the store holds nothing that would clear it although its
    /// session never ended (a check failure too).
    pub forgotten_clear: bool,
}

impl Verdict {
    /// The kill point: phase, writes seen, acknowledgements seen.
    pub fn kill_point(&self) -> String {
        format!("{}/{}w/{}k", self.phase, self.writes, self.acks)
    }
}

/// Checks one child run. `initial` is the store before the child started and `after` the store
/// it left (both fingerprinted), `integrity` what `PRAGMA integrity_check` said.
pub fn check(
    initial: &PersistedState,
    lines: &[Line],
    killed: bool,
    after: &PersistedState,
    integrity: &str,
) -> Verdict {
    let mut failures = Vec::new();
    if integrity != "ok" {
        failures.push(format!("PRAGMA integrity_check: {integrity}"));
    }
    for line in lines {
        match line {
            Line::Error(message) => failures.push(format!("the child failed: {message}")),
            Line::Event(Seen::Warning(code)) => {
                failures.push(format!("the engine warned {code} after a crash"))
            }
            Line::Event(Seen::StoreError) => failures.push("a store write failed".to_string()),
            _ => {}
        }
    }
    if !killed && lines.last() != Some(&Line::Done) {
        failures.push("the child exited without finishing its session".to_string());
    }

    let states = prefix_states(initial, lines);
    let last_is_write = matches!(lines.last(), Some(Line::Write(_)));
    let n = states.len() - 1;
    let full = &states[n];
    let allowed: Vec<&PersistedState> = if killed && last_is_write {
        vec![&states[n - 1], full]
    } else {
        vec![full]
    };
    if !allowed.contains(&after) {
        failures.push(format!(
            "the store is not the reported writes applied in order: after {n} writes expected \
             {full:?}{}, found {after:?}",
            if allowed.len() == 2 {
                format!(" (or, the last write not applied, {:?})", states[n - 1])
            } else {
                String::new()
            }
        ));
    }
    failures.extend(acknowledged_were_written(lines, initial));
    failures.extend(writes_have_causes(lines, initial));
    failures.extend(durable(lines, initial, after));
    let forgotten_clear = killed && forgotten_clear(lines, after);
    if forgotten_clear {
        failures.push(format!(
            "the server accepted an upload the engine never heard of, push is off, and the \
             store forgot that the token may be on the server though its session never ended: \
             nothing will clear it ({after:?})"
        ));
    }

    let phase = if !killed {
        "finished".to_string()
    } else if !lines.iter().any(|l| matches!(l, Line::Started { .. })) {
        "open".to_string()
    } else if last_is_write {
        if states[n] == states[n - 1] {
            "in_write".to_string()
        } else if after == &states[n] {
            "write_applied".to_string()
        } else {
            "write_not_applied".to_string()
        }
    } else {
        format!("after_{}", lines.last().map_or("start", Line::tag))
    };
    Verdict {
        failures,
        phase,
        writes: n,
        acks: lines.iter().filter(|l| matches!(l, Line::Acked(_))).count(),
        unrecorded_upload: killed && unrecorded_upload(lines),
        forgotten_clear,
    }
}

/// The store after each prefix of the reported writes: `[initial, after W1, after W2, …]`.
fn prefix_states(initial: &PersistedState, lines: &[Line]) -> Vec<PersistedState> {
    let mut states = vec![initial.clone()];
    for line in lines {
        if let Line::Write(write) = line {
            let mut next = states[states.len() - 1].clone();
            next.apply(write);
            states.push(next);
        }
    }
    states
}

/// The state after the writes reported before line `end`.
fn state_before(initial: &PersistedState, lines: &[Line], end: usize) -> PersistedState {
    let mut state = initial.clone();
    for line in &lines[..end] {
        if let Line::Write(write) = line {
            state.apply(write);
        }
    }
    state
}

/// The server accepted an upload whose record the engine had not written yet.
fn unrecorded_upload(lines: &[Line]) -> bool {
    let Some(h) = lines
        .iter()
        .rposition(|l| matches!(l, Line::Host(HostCall::Upload { ok: true, .. })))
    else {
        return false;
    };
    !lines[h..]
        .iter()
        .any(|l| matches!(l, Line::Write(StoreWrite::UploadRecord { record: Some(_) })))
}

/// The server accepted an upload that was neither recorded nor cleared since, push is off, and
/// the store has no pending upload, although no session ended after that upload was stored as
/// pending (a session end makes the server forget the token, §5).
fn forgotten_clear(lines: &[Line], after: &PersistedState) -> bool {
    let Some(h) = lines
        .iter()
        .rposition(|l| matches!(l, Line::Host(HostCall::Upload { ok: true, .. })))
    else {
        return false;
    };
    let Line::Host(HostCall::Upload {
        vendor,
        business_id,
        fp,
        ..
    }) = &lines[h]
    else {
        return false;
    };
    let settled = lines[h..].iter().any(|l| {
        matches!(
            l,
            Line::Write(StoreWrite::UploadRecord { record: Some(_) })
                | Line::Host(HostCall::Clear { ok: true, .. })
        )
    });
    if settled || after.push_enabled || after.upload_pending.is_some() {
        return false;
    }
    let stored = lines[..h].iter().rposition(|l| {
        matches!(l, Line::Write(StoreWrite::UploadPending { record: Some(r) })
            if r.vendor == *vendor && r.business_id == *business_id && r.token == *fp)
    });
    match stored {
        Some(p) => !lines[p..]
            .iter()
            .any(|l| matches!(l, Line::Sent(Sent::End(_) | Sent::Login(_)))),
        // Never stored as pending: `acknowledged_were_written` reports that.
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Ack, Sent};
    use pushlane::UploadRecord;

    const FP: &str = "fp:0000aaaa";

    fn record() -> UploadRecord {
        UploadRecord {
            user_id: "alice".into(),
            vendor: "xiaomi".into(),
            business_id: 10001,
            token: FP.into(),
        }
    }

    /// A finished session: login, token, upload stored as pending, accepted and recorded, push
    /// switched off and acknowledged.
    fn session() -> Vec<Line> {
        vec![
            Line::Started {
                device: "xiaomi".into(),
                vendor: "xiaomi".into(),
            },
            Line::Sent(Sent::Login("alice".into())),
            Line::Sent(Sent::Token {
                vendor: "xiaomi".into(),
                fp: FP.into(),
            }),
            Line::Write(StoreWrite::Token {
                vendor: "xiaomi".into(),
                token: FP.into(),
            }),
            Line::Query,
            Line::Acked(Ack {
                user: Some("alice".into()),
                vendor: Some("xiaomi".into()),
                push: true,
            }),
            Line::Write(StoreWrite::UploadPending {
                record: Some(record()),
            }),
            Line::Host(HostCall::Upload {
                vendor: "xiaomi".into(),
                business_id: 10001,
                fp: FP.into(),
                ok: true,
            }),
            Line::Write(StoreWrite::UploadRecord {
                record: Some(record()),
            }),
            Line::Event(Seen::Uploaded {
                user: Some("alice".into()),
                vendor: "xiaomi".into(),
                business_id: 10001,
                fp: FP.into(),
            }),
            Line::Sent(Sent::Push(false)),
            Line::Write(StoreWrite::PushEnabled { enabled: false }),
            Line::Query,
            Line::Acked(Ack {
                user: Some("alice".into()),
                vendor: Some("xiaomi".into()),
                push: false,
            }),
            Line::Done,
        ]
    }

    fn stored() -> PersistedState {
        PersistedState {
            tokens: [("xiaomi".to_string(), FP.to_string())].into(),
            upload_record: Some(record()),
            upload_pending: None,
            push_enabled: false,
        }
    }

    fn failures(lines: &[Line], killed: bool, after: &PersistedState) -> Vec<String> {
        check(&PersistedState::default(), lines, killed, after, "ok").failures
    }

    #[test]
    fn a_store_that_matches_the_report_passes() {
        let verdict = check(
            &PersistedState::default(),
            &session(),
            false,
            &stored(),
            "ok",
        );
        assert_eq!(verdict.failures, Vec::<String>::new());
        assert_eq!(verdict.phase, "finished");
        assert_eq!(verdict.kill_point(), "finished/4w/2k");
    }

    #[test]
    fn a_lost_upload_record_is_caught() {
        let mut after = stored();
        after.upload_record = None;
        let found = failures(&session(), false, &after).join("\n");
        assert!(found.contains("not the reported writes"), "{found}");
        assert!(found.contains("upload record lost"), "{found}");
    }

    #[test]
    fn a_lost_push_preference_is_caught() {
        let mut after = stored();
        after.push_enabled = true;
        let found = failures(&session(), false, &after).join("\n");
        assert!(found.contains("push preference lost"), "{found}");
    }

    #[test]
    fn a_lost_token_is_caught() {
        let mut after = stored();
        after.tokens.clear();
        let found = failures(&session(), false, &after).join("\n");
        assert!(found.contains("xiaomi token lost"), "{found}");
    }

    #[test]
    fn an_invented_record_is_caught() {
        let lines: Vec<Line> = session()
            .into_iter()
            .filter(|l| !matches!(l, Line::Host(_)))
            .collect();
        let found = failures(&lines, false, &stored()).join("\n");
        assert!(found.contains("the server never accepted"), "{found}");
    }

    #[test]
    fn an_acknowledgement_before_its_write_is_caught() {
        let mut lines = session();
        // token_uploaded before the record write.
        lines.swap(8, 9);
        let found = failures(&lines, false, &stored()).join("\n");
        assert!(found.contains("before the record was written"), "{found}");
    }

    #[test]
    fn an_upload_the_store_was_not_told_of_before_it_went_out_is_caught() {
        let lines: Vec<Line> = session()
            .into_iter()
            .filter(|l| !matches!(l, Line::Write(StoreWrite::UploadPending { .. })))
            .collect();
        let found = failures(&lines, false, &stored()).join("\n");
        assert!(found.contains("no pending upload written"), "{found}");
    }

    #[test]
    fn a_kill_right_after_a_write_was_announced_allows_either_state() {
        let mut lines = session();
        lines.truncate(12); // … `S push false`, `W push false`: the kill came there.
        let mut before_write = stored();
        before_write.push_enabled = true;
        for after in [stored(), before_write.clone()] {
            let verdict = check(&PersistedState::default(), &lines, true, &after, "ok");
            assert_eq!(verdict.failures, Vec::<String>::new(), "{after:?}");
        }
        let verdict = check(
            &PersistedState::default(),
            &lines,
            true,
            &before_write,
            "ok",
        );
        assert_eq!(verdict.phase, "write_not_applied");
        // One line later the write is known to be complete.
        lines.push(Line::Query);
        let found = failures(&lines, true, &before_write).join("\n");
        assert!(found.contains("not the reported writes"), "{found}");
    }

    #[test]
    fn integrity_errors_child_errors_and_store_resets_fail() {
        let mut lines = session();
        lines.insert(1, Line::Event(Seen::Warning("store_reset".into())));
        lines.insert(1, Line::Error("boom".into()));
        let verdict = check(
            &PersistedState::default(),
            &lines,
            false,
            &stored(),
            "page 3: bad",
        );
        let found = verdict.failures.join("\n");
        assert!(found.contains("integrity_check: page 3: bad"), "{found}");
        assert!(found.contains("the child failed: boom"), "{found}");
        assert!(found.contains("warned store_reset"), "{found}");
    }

    #[test]
    fn an_upload_the_server_accepted_but_the_engine_never_recorded_is_flagged() {
        let mut lines = session();
        lines.truncate(8); // killed right after the server's answer
        let mut after = stored();
        after.upload_record = None;
        after.upload_pending = Some(record());
        after.push_enabled = true;
        let verdict = check(&PersistedState::default(), &lines, true, &after, "ok");
        assert_eq!(verdict.failures, Vec::<String>::new());
        assert!(verdict.unrecorded_upload);
        assert!(!verdict.forgotten_clear);
        assert_eq!(verdict.phase, "after_server_upload");
    }

    #[test]
    fn a_pending_upload_forgotten_while_its_session_goes_on_is_caught() {
        // Killed right after the server took the upload and push was switched off.
        let mut lines = session();
        lines.truncate(8);
        lines.push(Line::Sent(Sent::Push(false)));
        lines.push(Line::Write(StoreWrite::PushEnabled { enabled: false }));
        lines.push(Line::Query);
        let mut after = stored();
        after.upload_record = None;
        after.upload_pending = Some(record());
        let verdict = check(&PersistedState::default(), &lines, true, &after, "ok");
        assert_eq!(verdict.failures, Vec::<String>::new());

        // A store without the pending upload: the token on the server is forgotten.
        after.upload_pending = None;
        let verdict = check(&PersistedState::default(), &lines, true, &after, "ok");
        assert!(verdict.forgotten_clear);

        // Unless the session ended since (the server forgets the token with it).
        lines.insert(8, Line::Sent(Sent::End("logout".into())));
        let verdict = check(&PersistedState::default(), &lines, true, &after, "ok");
        assert!(!verdict.forgotten_clear);
    }
}
