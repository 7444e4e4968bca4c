//! `pushlane fleet merge FILES…`: the shards of one run, added up exactly (counts add,
//! histograms merge, per-second load adds). Shards of different runs (seed, device count or
//! mix), of different splits, a shard given twice or a missing shard are refused, naming the
//! files and what differs.

use super::shard::{Document, Shard, Wall};
use crate::device_args::json_error_message;
use crate::error::CliError;
use serde_json::Value;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// At most this many missing shards are named.
const MISSING_LISTED: usize = 10;

/// Reads and merges shard files.
pub fn merge_files(files: &[PathBuf], names: &[&str]) -> Result<Document, CliError> {
    let mut shards = Vec::with_capacity(files.len());
    for file in files {
        shards.push((file.as_path(), read(file, names)?));
    }
    merge(&shards)
}

fn read(file: &Path, names: &[&str]) -> Result<Document, CliError> {
    let text = std::fs::read_to_string(file)
        .map_err(|e| CliError::bad_input(file, format!("cannot read the shard: {e}")))?;
    let value: Value = serde_json::from_str(&text).map_err(|e| {
        CliError::bad_input(
            file,
            format!("not valid JSON at {}", json_error_message(&e)),
        )
    })?;
    Document::from_json(&value, names).map_err(|message| CliError::bad_input(file, message))
}

/// Merges documents read from the files named beside them.
pub fn merge(shards: &[(&Path, Document)]) -> Result<Document, CliError> {
    let Some((first_file, first)) = shards.first() else {
        return Err(CliError::Usage(
            "fleet merge: no files; expected the shard results to merge".into(),
        ));
    };
    let count = first.shard.unwrap_or(Shard::ALL).count;
    let mut seen: BTreeMap<u64, &Path> = BTreeMap::new();
    for (file, doc) in shards {
        if let Some(difference) = difference(&first.run_json(), &doc.run_json(), "run") {
            return Err(CliError::bad_input(
                file,
                format!(
                    "not a shard of the same run as {}: {difference}",
                    first_file.display()
                ),
            ));
        }
        let shard = doc.shard.unwrap_or(Shard::ALL);
        if shard.count != count {
            return Err(CliError::bad_input(
                file,
                format!(
                    "is shard {shard}, but {} is shard {}: shards of different splits do not merge",
                    first_file.display(),
                    first.shard.unwrap_or(Shard::ALL)
                ),
            ));
        }
        let expected = shard.len(doc.run.devices);
        if doc.stats.devices != expected {
            return Err(CliError::bad_input(
                file,
                format!(
                    "counts {} devices, but shard {shard} of {} devices has {expected}",
                    doc.stats.devices, doc.run.devices
                ),
            ));
        }
        match seen.insert(shard.index, file) {
            Some(earlier) => {
                return Err(CliError::bad_input(
                    file,
                    format!(
                        "shard {shard} is given twice (also {}); expected each shard once",
                        earlier.display()
                    ),
                ))
            }
            None => continue,
        }
    }
    // The first few missing ones (a count read from a file may be huge).
    let missing: Vec<String> = (0..count)
        .filter(|index| !seen.contains_key(index))
        .take(MISSING_LISTED)
        .map(|index| format!("{index}/{count}"))
        .collect();
    if !missing.is_empty() {
        let (noun, verb) = if missing.len() == 1 {
            ("shard", "is")
        } else {
            ("shards", "are")
        };
        return Err(CliError::Usage(format!(
            "fleet merge: {noun} {}{} {verb} missing; expected all {count} shards of the run",
            missing.join(", "),
            if count - seen.len() as u64 > MISSING_LISTED as u64 {
                " …"
            } else {
                ""
            }
        )));
    }
    let mut stats = first.stats.clone();
    for (_, doc) in &shards[1..] {
        stats.add(&doc.stats);
    }
    let mut wall_shards: Vec<(Shard, f64, usize)> = shards
        .iter()
        .map(|(_, doc)| {
            (
                doc.shard.unwrap_or(Shard::ALL),
                doc.wall.seconds,
                doc.wall.threads,
            )
        })
        .collect();
    wall_shards.sort_by_key(|(shard, _, _)| shard.index);
    Ok(Document {
        run: first.run.clone(),
        shard: None,
        stats,
        wall: Wall {
            seconds: wall_shards.iter().map(|(_, s, _)| s).sum(),
            threads: wall_shards.iter().map(|(_, _, t)| *t).max().unwrap_or(0),
            shards: wall_shards,
        },
    })
}

impl Document {
    fn run_json(&self) -> Value {
        serde_json::json!({
            "devices": self.run.devices,
            "seed": self.run.seed,
            "mix": self.run.mix,
        })
    }
}

/// The first place where `a` and `b` differ: `run.seed: 1 vs 2`.
fn difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                let inner = format!("{path}.{key}");
                match y.get(key) {
                    Some(other) => {
                        if let Some(found) = difference(value, other, &inner) {
                            return Some(found);
                        }
                    }
                    None => return Some(format!("`{inner}` is missing")),
                }
            }
            y.keys()
                .find(|key| !x.contains_key(*key))
                .map(|key| format!("`{path}.{key}` is extra"))
        }
        _ if a == b => None,
        _ => Some(format!("`{path}` is {b}, not {a}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn differences_name_the_key() {
        let a = serde_json::json!({"seed": 1, "mix": {"faults": {"upload_failure": 0.1}}});
        let b = serde_json::json!({"seed": 1, "mix": {"faults": {"upload_failure": 0.2}}});
        assert_eq!(
            difference(&a, &b, "run").unwrap(),
            "`run.mix.faults.upload_failure` is 0.2, not 0.1"
        );
        assert_eq!(difference(&a, &a, "run"), None);
    }
}
