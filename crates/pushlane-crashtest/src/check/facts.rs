//! The facts the child acknowledged or caused, against the writes it reported and the store it
//! left: acknowledged means written, written means caused, acknowledged means still there.

use super::state_before;
use crate::protocol::{HostCall, Line, Seen, Sent};
use pushlane::{PersistedState, StoreWrite, UploadRecord};
use std::collections::{BTreeMap, BTreeSet};

/// The line positions of each `Q` … `K` round trip.
fn round_trips(lines: &[Line]) -> Vec<(usize, usize)> {
    let mut trips = Vec::new();
    let mut query = None;
    for (i, line) in lines.iter().enumerate() {
        match line {
            Line::Query => query = Some(i),
            Line::Acked(_) => {
                if let Some(q) = query.take() {
                    trips.push((q, i));
                }
            }
            _ => {}
        }
    }
    trips
}

/// Every acknowledged fact was written before it was acknowledged: `token_uploaded` after its
/// record (invariant 5), an upload the server got after its pending upload (§10), and at each
/// round trip the push preference and tokens sent before it.
pub(super) fn acknowledged_were_written(lines: &[Line], initial: &PersistedState) -> Vec<String> {
    let mut failures = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        if let Line::Event(Seen::Uploaded {
            user: Some(user),
            vendor,
            business_id,
            fp,
        }) = line
        {
            let record = UploadRecord {
                user_id: user.clone(),
                vendor: vendor.clone(),
                business_id: *business_id,
                token: fp.clone(),
            };
            if state_before(initial, lines, i).upload_record.as_ref() != Some(&record) {
                failures.push(format!(
                    "line {}: token_uploaded for {record:?} before the record was written",
                    i + 1
                ));
            }
        }
    }
    // §10: an upload goes out only once the store knows it may be on the server.
    for (i, line) in lines.iter().enumerate() {
        if let Line::Host(HostCall::Upload {
            vendor,
            business_id,
            fp,
            ..
        }) = line
        {
            let same = |r: &UploadRecord| {
                r.vendor == *vendor && r.business_id == *business_id && r.token == *fp
            };
            let stored_before = initial.upload_pending.as_ref().is_some_and(same)
                || lines[..i].iter().any(|l| {
                    matches!(l, Line::Write(StoreWrite::UploadPending { record: Some(r) }) if same(r))
                });
            if !stored_before {
                failures.push(format!(
                    "line {}: the server got the upload of {vendor} {business_id} {fp}, but the \
                     store was never told it may be on the server (no pending upload written)",
                    i + 1
                ));
            }
        }
    }
    for (q, k) in round_trips(lines) {
        let state = state_before(initial, lines, k);
        let last_push = lines[..q].iter().rev().find_map(|l| match l {
            Line::Sent(Sent::Push(on)) => Some(*on),
            _ => None,
        });
        if let Some(on) = last_push {
            if state.push_enabled != on {
                failures.push(format!(
                    "line {}: push_enabled {on} was acknowledged but not written",
                    k + 1
                ));
            }
        }
        for (vendor, fp) in last_tokens(&lines[..q]) {
            let later = tokens_of(&lines[q..k], &vendor);
            let stored = state.tokens.get(&vendor);
            if stored != Some(&fp) && !stored.is_some_and(|s| later.contains(s)) {
                failures.push(format!(
                    "line {}: the {vendor} token {fp} was acknowledged but the store has {stored:?}",
                    k + 1
                ));
            }
        }
    }
    failures
}

/// The last token sent per vendor in these lines.
fn last_tokens(lines: &[Line]) -> BTreeMap<String, String> {
    let mut last = BTreeMap::new();
    for line in lines {
        if let Line::Sent(Sent::Token { vendor, fp }) = line {
            last.insert(vendor.clone(), fp.clone());
        }
    }
    last
}

fn tokens_of(lines: &[Line], vendor: &str) -> Vec<String> {
    lines
        .iter()
        .filter_map(|l| match l {
            Line::Sent(Sent::Token { vendor: v, fp }) if v == vendor => Some(fp.clone()),
            _ => None,
        })
        .collect()
}

/// Nothing is invented: a record written was accepted by the server (for a user who had logged
/// in), and a record removed was cleared or its session ended.
pub(super) fn writes_have_causes(lines: &[Line], initial: &PersistedState) -> Vec<String> {
    let mut failures = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let before = &lines[..i];
        match line {
            Line::Write(StoreWrite::UploadRecord {
                record: Some(record),
            }) => {
                if initial.upload_record.as_ref() == Some(record) {
                    continue;
                }
                let accepted = before.iter().any(|l| {
                    matches!(l, Line::Host(HostCall::Upload { vendor, business_id, fp, ok: true })
                        if *vendor == record.vendor && *business_id == record.business_id
                            && *fp == record.token)
                });
                let logged_in = before
                    .iter()
                    .any(|l| matches!(l, Line::Sent(Sent::Login(u)) if *u == record.user_id));
                if !accepted || !logged_in {
                    failures.push(format!(
                        "line {}: record {record:?} written but {}",
                        i + 1,
                        if accepted {
                            "that user never logged in"
                        } else {
                            "the server never accepted that upload"
                        }
                    ));
                }
            }
            Line::Write(StoreWrite::UploadRecord { record: None }) => {
                let cause = before.iter().any(|l| {
                    matches!(
                        l,
                        Line::Host(HostCall::Clear { ok: true, .. })
                            | Line::Sent(Sent::End(_) | Sent::Login(_))
                    )
                });
                if !cause {
                    failures.push(format!(
                        "line {}: the record was removed without a clear or a session end",
                        i + 1
                    ));
                }
            }
            _ => {}
        }
    }
    failures
}

/// The acknowledged facts are in the store the crash left, unless something sent or answered
/// after them may have changed them (checked from the acknowledgements alone, not the writes).
pub(super) fn durable(
    lines: &[Line],
    initial: &PersistedState,
    after: &PersistedState,
) -> Vec<String> {
    let mut failures = Vec::new();
    let trips = round_trips(lines);
    // Whether the input at `pos` is known handled by a round trip that ended before `limit`.
    let handled_before =
        |pos: usize, limit: usize| trips.iter().any(|(q, k)| *q > pos && *k < limit);

    // The push preference.
    let pushes: Vec<(usize, bool)> = lines
        .iter()
        .enumerate()
        .filter_map(|(i, l)| match l {
            Line::Sent(Sent::Push(on)) => Some((i, *on)),
            _ => None,
        })
        .collect();
    if let Some(&(pos, on)) = pushes.last() {
        let before = match pushes.len() {
            1 => initial.push_enabled,
            n => pushes[n - 2].1,
        };
        let acked = handled_before(pos, lines.len());
        if after.push_enabled != on && (acked || after.push_enabled != before) {
            failures.push(format!(
                "push preference lost: {on} was {} but the store says {}",
                if acked { "acknowledged" } else { "sent" },
                after.push_enabled
            ));
        }
    }

    // The tokens.
    let vendors: BTreeSet<String> = last_tokens(lines).into_keys().collect();
    for vendor in vendors {
        let sent: Vec<(usize, String)> = lines
            .iter()
            .enumerate()
            .filter_map(|(i, l)| match l {
                Line::Sent(Sent::Token { vendor: v, fp }) if *v == vendor => Some((i, fp.clone())),
                _ => None,
            })
            .collect();
        let acked = sent
            .iter()
            .rposition(|(pos, _)| handled_before(*pos, lines.len()));
        let mut allowed: Vec<Option<&String>> = match acked {
            Some(a) => sent[a..].iter().map(|(_, fp)| Some(fp)).collect(),
            None => sent.iter().map(|(_, fp)| Some(fp)).collect(),
        };
        if acked.is_none() {
            allowed.push(initial.tokens.get(&vendor));
        }
        let stored = after.tokens.get(&vendor);
        if !allowed.contains(&stored) {
            failures.push(format!(
                "{vendor} token lost: the store has {stored:?}, expected one of {allowed:?}"
            ));
        }
    }

    // The upload record of the last `token_uploaded`.
    let last_uploaded = lines.iter().enumerate().rev().find_map(|(i, l)| match l {
        Line::Event(Seen::Uploaded {
            user: Some(user),
            vendor,
            business_id,
            fp,
        }) => Some((
            i,
            UploadRecord {
                user_id: user.clone(),
                vendor: vendor.clone(),
                business_id: *business_id,
                token: fp.clone(),
            },
        )),
        _ => None,
    });
    if let Some((event, record)) = last_uploaded {
        let accepted = lines[..event].iter().rposition(|l| {
            matches!(l, Line::Host(HostCall::Upload { vendor, business_id, fp, ok: true })
                if *vendor == record.vendor && *business_id == record.business_id
                    && *fp == record.token)
        });
        let Some(h) = accepted else {
            failures.push(format!(
                "token_uploaded for {record:?} without the server accepting it"
            ));
            return failures;
        };
        let changed_later = lines.iter().enumerate().any(|(i, l)| match l {
            Line::Host(HostCall::Upload { ok: true, .. } | HostCall::Clear { ok: true, .. }) => {
                i > h
            }
            Line::Sent(Sent::End(_) | Sent::Login(_)) => !handled_before(i, h),
            _ => false,
        });
        if !changed_later && after.upload_record.as_ref() != Some(&record) {
            failures.push(format!(
                "upload record lost: {record:?} was acknowledged (token_uploaded) and nothing \
                 changed it since, but the store has {:?}",
                after.upload_record
            ));
        }
    }
    failures
}
