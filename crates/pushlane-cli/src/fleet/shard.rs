//! Slicing a fleet into shards, and the JSON document of a result.
//!
//! Shard `i/n` runs the devices `k` with `k % n == i`: interleaved, so shards differ in size by
//! at most one device. A device's day depends only on the seed and its index, so the shards of
//! a run, merged, count exactly what one run of every device counts.
//!
//! The document keeps what the simulation decided (`run`, `result`: a function of the seed,
//! the device count and the mix only) apart from how long it took (`wall`), so two results can
//! be compared byte for byte without their wall-clock fields.

use super::stats::Stats;
use serde_json::{Map, Value};

/// The document format's version (`pushlane_fleet`).
pub const FORMAT_VERSION: u64 = 1;

/// A slice of the fleet: `index` of `count`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Shard {
    pub index: u64,
    pub count: u64,
}

impl Shard {
    /// Every device.
    pub const ALL: Shard = Shard { index: 0, count: 1 };

    /// Reads `i/n` (0 ≤ i < n).
    pub fn parse(text: &str) -> Result<Shard, String> {
        let expected = "expected I/N with 0 ≤ I < N, e.g. 0/4 (shard 0 of 4)";
        let (i, n) = text
            .split_once('/')
            .ok_or_else(|| format!("`{text}`: {expected}"))?;
        let number = |part: &str| part.trim().parse::<u64>().ok();
        match (number(i), number(n)) {
            (Some(index), Some(count)) if index < count => Ok(Shard { index, count }),
            _ => Err(format!("`{text}`: {expected}")),
        }
    }

    /// How many of `devices` are in this shard.
    pub fn len(&self, devices: u64) -> u64 {
        if self.index >= devices {
            0
        } else {
            (devices - self.index).div_ceil(self.count)
        }
    }

    pub fn is_empty(&self, devices: u64) -> bool {
        self.len(devices) == 0
    }

    /// The index of this shard's `j`-th device.
    pub fn device(&self, j: u64) -> u64 {
        self.index + j * self.count
    }

    fn to_json(self) -> Value {
        let mut out = Map::new();
        out.insert("index".into(), Value::from(self.index));
        out.insert("count".into(), Value::from(self.count));
        out.insert("devices".into(), Value::from("k % count == index"));
        Value::Object(out)
    }
}

impl std::fmt::Display for Shard {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}/{}", self.index, self.count)
    }
}

/// How long a run took: never part of the comparable result.
#[derive(Debug, Clone, PartialEq)]
pub struct Wall {
    pub seconds: f64,
    pub threads: usize,
    /// Each shard's own wall time, for a merged result.
    pub shards: Vec<(Shard, f64, usize)>,
}

impl Wall {
    /// Devices a second of wall time (of the shards' summed time, for a merged result).
    pub fn devices_per_second(&self, devices: u64) -> f64 {
        if self.seconds > 0.0 {
            devices as f64 / self.seconds
        } else {
            0.0
        }
    }

    fn to_json(&self, devices: u64) -> Value {
        let mut out = Map::new();
        out.insert("seconds".into(), Value::from(round3(self.seconds)));
        out.insert(
            "devices_per_second".into(),
            Value::from(self.devices_per_second(devices).round()),
        );
        out.insert("threads".into(), Value::from(self.threads));
        if !self.shards.is_empty() {
            let shards = self
                .shards
                .iter()
                .map(|(shard, seconds, threads)| {
                    serde_json::json!({
                        "shard": shard.to_string(),
                        "seconds": round3(*seconds),
                        "threads": threads,
                    })
                })
                .collect();
            out.insert("shards".into(), Value::Array(shards));
        }
        Value::Object(out)
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// What a run was: every one of these must match for shards to merge.
#[derive(Debug, Clone, PartialEq)]
pub struct RunSpec {
    pub devices: u64,
    pub seed: u64,
    /// The mix as [`Mix::echo`](super::mix::Mix::echo) gives it.
    pub mix: Value,
}

impl RunSpec {
    fn to_json(&self) -> Value {
        let mut out = Map::new();
        out.insert("devices".into(), Value::from(self.devices));
        out.insert("seed".into(), Value::from(self.seed));
        out.insert("mix".into(), self.mix.clone());
        Value::Object(out)
    }
}

/// A result document: a whole run, one shard, or shards merged.
#[derive(Debug, Clone)]
pub struct Document {
    pub run: RunSpec,
    /// `None` for a whole run or a merge.
    pub shard: Option<Shard>,
    pub stats: Stats,
    pub wall: Wall,
}

impl Document {
    /// `{"pushlane_fleet", "run", "shard"?, "result", "wall"}`, `wall` last.
    pub fn to_json(&self, names: &[&str]) -> Value {
        let mut out = Map::new();
        out.insert("pushlane_fleet".into(), Value::from(FORMAT_VERSION));
        out.insert("run".into(), self.run.to_json());
        if let Some(shard) = self.shard {
            out.insert("shard".into(), shard.to_json());
        }
        out.insert("result".into(), self.stats.to_json(names));
        out.insert("wall".into(), self.wall.to_json(self.stats.devices));
        Value::Object(out)
    }

    /// Reads a document back (the counts, never the derived figures).
    pub fn from_json(value: &Value, names: &[&str]) -> Result<Document, String> {
        match value.get("pushlane_fleet").and_then(Value::as_u64) {
            Some(FORMAT_VERSION) => {}
            Some(other) => {
                return Err(format!(
                    "`pushlane_fleet`: format version {other}, but this build reads version {FORMAT_VERSION}"
                ))
            }
            None => {
                return Err(
                    "not a `pushlane fleet` result (no key `pushlane_fleet`)".to_string()
                )
            }
        }
        let run = value.get("run").ok_or("`run`: missing")?;
        let number = |key: &str| {
            run.get(key)
                .and_then(Value::as_u64)
                .ok_or_else(|| format!("`run.{key}`: expected an integer"))
        };
        let mix = run.get("mix").cloned().ok_or("`run.mix`: missing")?;
        let seconds = mix
            .pointer("/day/length_s")
            .and_then(Value::as_u64)
            .ok_or("`run.mix.day.length_s`: expected an integer")?;
        let run = RunSpec {
            devices: number("devices")?,
            seed: number("seed")?,
            mix,
        };
        let shard = match value.get("shard") {
            None => None,
            Some(shard) => {
                let part = |key: &str| {
                    shard
                        .get(key)
                        .and_then(Value::as_u64)
                        .ok_or_else(|| format!("`shard.{key}`: expected an integer"))
                };
                let (index, count) = (part("index")?, part("count")?);
                if index >= count {
                    return Err(format!("`shard`: index {index} is not below count {count}"));
                }
                Some(Shard { index, count })
            }
        };
        let result = value.get("result").ok_or("`result`: missing")?;
        let stats = Stats::from_json(result, names, seconds as usize, "result")?;
        let wall = value.get("wall");
        let wall_number = |key: &str| wall.and_then(|w| w.get(key)).and_then(Value::as_f64);
        let wall = Wall {
            seconds: wall_number("seconds").unwrap_or(0.0),
            threads: wall_number("threads").unwrap_or(0.0) as usize,
            shards: Vec::new(),
        };
        Ok(Document {
            run,
            shard,
            stats,
            wall,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shards_read_and_slice() {
        assert_eq!(Shard::parse("1/4"), Ok(Shard { index: 1, count: 4 }));
        for bad in ["4/4", "1", "a/4", "1/0", "-1/4", "1/4/2", ""] {
            let err = Shard::parse(bad).unwrap_err();
            assert!(err.contains("expected I/N"), "{bad}: {err}");
        }
        let shards: Vec<Shard> = (0..4).map(|index| Shard { index, count: 4 }).collect();
        assert_eq!(
            shards.iter().map(|s| s.len(10)).collect::<Vec<_>>(),
            [3, 3, 2, 2]
        );
        assert_eq!(Shard { index: 5, count: 8 }.len(3), 0);
        let mut seen: Vec<u64> = shards
            .iter()
            .flat_map(|s| (0..s.len(10)).map(|j| s.device(j)))
            .collect();
        seen.sort();
        assert_eq!(seen, (0..10).collect::<Vec<_>>());
        assert_eq!(Shard::ALL.len(10), 10);
    }
}
