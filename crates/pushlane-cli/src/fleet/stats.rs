//! What a fleet run counts: per vendor counters and time-to-upload histograms (hdrhistogram),
//! clicks, and the server load per second of virtual time. Everything is an integer count, so
//! merging (adding) is exact and independent of the order: the result of a run does not
//! depend on threads or shards.
//!
//! The lossless JSON form (`to_json` / `from_json`) holds the counts and each histogram's
//! non-empty buckets as `[value, count]` pairs; the figures derived from them (percentiles,
//! means, peaks) are written beside them and recomputed, never read back.

use super::device::{Edition, Family};
use hdrhistogram::Histogram;
use pushlane::WarningCode;
use serde_json::{Map, Value};

/// Histograms cover a week of virtual time, in ms, to two significant digits (1 %).
const HISTOGRAM_HIGH_MS: u64 = super::mix::MAX_DAY_S * 1000;
const HISTOGRAM_SIGFIG: u8 = 2;

/// The vendors counted, in the plugins' fixed order, then `local`.
pub fn vendor_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = pushlane::link_vendors().iter().map(|p| p.name()).collect();
    names.push(pushlane::LOCAL);
    names
}

/// A latency histogram in ms.
#[derive(Debug, Clone)]
pub struct Latency(Histogram<u64>);

impl Default for Latency {
    fn default() -> Self {
        // Constant bounds, checked by the tests: 1 ≤ low, 2·low ≤ high, sigfig ≤ 5.
        Latency(
            Histogram::new_with_bounds(1, HISTOGRAM_HIGH_MS, HISTOGRAM_SIGFIG)
                .expect("the histogram's constant bounds are valid"),
        )
    }
}

impl Latency {
    pub fn record(&mut self, ms: u64) {
        self.0.saturating_record(ms);
    }

    pub fn add(&mut self, other: &Latency) {
        // Same bounds on both sides: adding cannot fail.
        let _ = self.0.add(&other.0);
    }

    pub fn count(&self) -> u64 {
        self.0.len()
    }

    /// The value at `quantile` (0–1), at the histogram's resolution.
    pub fn quantile(&self, quantile: f64) -> u64 {
        self.0.value_at_quantile(quantile)
    }

    pub fn max(&self) -> u64 {
        if self.0.is_empty() {
            0
        } else {
            self.0.max()
        }
    }

    /// `{count, p50, p90, p99, max, histogram: [[value, count], …]}`; the histogram is left out
    /// when `buckets` is false.
    pub fn to_json(&self, buckets: bool) -> Value {
        let mut out = Map::new();
        out.insert("count".into(), Value::from(self.count()));
        for (name, q) in [("p50", 0.5), ("p90", 0.9), ("p99", 0.99)] {
            out.insert(name.into(), Value::from(self.quantile(q)));
        }
        out.insert("max".into(), Value::from(self.max()));
        if buckets {
            let pairs: Vec<Value> = self
                .0
                .iter_recorded()
                .map(|v| Value::from(vec![v.value_iterated_to(), v.count_at_value()]))
                .collect();
            out.insert("histogram".into(), Value::Array(pairs));
        }
        Value::Object(out)
    }

    pub fn from_json(value: &Value, place: &str) -> Result<Latency, String> {
        let pairs = value
            .get("histogram")
            .and_then(Value::as_array)
            .ok_or_else(|| format!("`{place}.histogram`: expected an array of [value, count]"))?;
        let mut latency = Latency::default();
        for pair in pairs {
            let read = pair
                .as_array()
                .filter(|p| p.len() == 2)
                .and_then(|p| Some((p[0].as_u64()?, p[1].as_u64()?)));
            let Some((ms, count)) = read else {
                return Err(format!(
                    "`{place}.histogram`: expected [value, count] pairs of integers, got {pair}"
                ));
            };
            latency
                .0
                .record_n(ms, count)
                .map_err(|_| format!("`{place}.histogram`: value {ms} is out of range"))?;
        }
        Ok(latency)
    }
}

/// The counters of one vendor (the one serving the process when it happened).
#[derive(Debug, Clone, Default)]
pub struct VendorStats {
    /// Processes whose init selected this vendor first.
    pub processes: u64,
    /// `token_uploaded`.
    pub uploads: u64,
    /// `upload_token` effects: calls that reach the Chat server.
    pub upload_attempts: u64,
    /// `upload_failed`.
    pub upload_failures: u64,
    /// `upload_failed` with a retry armed.
    pub retries: u64,
    /// `upload_skipped`: the token was already on the server.
    pub skipped: u64,
    /// `token_cleared`.
    pub clears: u64,
    /// `clear_token` effects.
    pub clear_attempts: u64,
    /// `clear_failed`.
    pub clear_failures: u64,
    /// `vendor_failed`.
    pub vendor_errors: u64,
    /// Processes that ended (killed, crashed, or the day was over) with push on and their token
    /// not on the server.
    pub unreached: u64,
    /// Warnings by code, in the order of [`WarningCode::ALL`].
    pub warnings: Vec<u64>,
    /// From the process's start to its first `token_uploaded`.
    pub time_to_upload: Latency,
    /// From the process's start to its first `token_uploaded` or `upload_skipped`: when the
    /// device can be reached by offline push.
    pub time_to_reachable: Latency,
}

/// The counter fields of [`VendorStats`], by name, in output order.
const COUNTERS: [&str; 11] = [
    "processes",
    "uploads",
    "upload_attempts",
    "upload_failures",
    "retries",
    "skipped",
    "clears",
    "clear_attempts",
    "clear_failures",
    "vendor_errors",
    "unreached",
];

impl VendorStats {
    fn new() -> VendorStats {
        VendorStats {
            warnings: vec![0; WarningCode::ALL.len()],
            ..VendorStats::default()
        }
    }

    fn counters_mut(&mut self) -> [&mut u64; 11] {
        [
            &mut self.processes,
            &mut self.uploads,
            &mut self.upload_attempts,
            &mut self.upload_failures,
            &mut self.retries,
            &mut self.skipped,
            &mut self.clears,
            &mut self.clear_attempts,
            &mut self.clear_failures,
            &mut self.vendor_errors,
            &mut self.unreached,
        ]
    }

    fn counters(&self) -> [u64; 11] {
        [
            self.processes,
            self.uploads,
            self.upload_attempts,
            self.upload_failures,
            self.retries,
            self.skipped,
            self.clears,
            self.clear_attempts,
            self.clear_failures,
            self.vendor_errors,
            self.unreached,
        ]
    }

    pub fn warning(&mut self, code: WarningCode) {
        if let Some(i) = WarningCode::ALL.iter().position(|c| *c == code) {
            self.warnings[i] += 1;
        }
    }

    /// The count of one warning code.
    pub fn warnings_of(&self, code: WarningCode) -> u64 {
        WarningCode::ALL
            .iter()
            .position(|c| *c == code)
            .map_or(0, |i| self.warnings[i])
    }

    fn add(&mut self, other: &VendorStats) {
        for (mine, theirs) in self.counters_mut().into_iter().zip(other.counters()) {
            *mine += theirs;
        }
        for (mine, theirs) in self.warnings.iter_mut().zip(&other.warnings) {
            *mine += theirs;
        }
        self.time_to_upload.add(&other.time_to_upload);
        self.time_to_reachable.add(&other.time_to_reachable);
    }

    fn to_json(&self) -> Value {
        let mut out = Map::new();
        for (name, value) in COUNTERS.iter().zip(self.counters()) {
            out.insert((*name).into(), Value::from(value));
        }
        let warnings: Map<String, Value> = WarningCode::ALL
            .iter()
            .zip(&self.warnings)
            .filter(|(_, n)| **n > 0)
            .map(|(code, n)| (code.as_str().to_string(), Value::from(*n)))
            .collect();
        out.insert("warnings".into(), Value::Object(warnings));
        out.insert(
            "time_to_upload_ms".into(),
            self.time_to_upload.to_json(true),
        );
        out.insert(
            "time_to_reachable_ms".into(),
            self.time_to_reachable.to_json(true),
        );
        Value::Object(out)
    }

    fn from_json(value: &Value, place: &str) -> Result<VendorStats, String> {
        let mut stats = VendorStats::new();
        for (name, slot) in COUNTERS.iter().zip(stats.counters_mut()) {
            *slot = count(value, name, place)?;
        }
        let warnings = value
            .get("warnings")
            .and_then(Value::as_object)
            .ok_or_else(|| format!("`{place}.warnings`: expected an object"))?;
        for (code, n) in warnings {
            let code = WarningCode::from_name(code)
                .ok_or_else(|| format!("`{place}.warnings`: unknown warning code `{code}`"))?;
            let n = n
                .as_u64()
                .ok_or_else(|| format!("`{place}.warnings.{}`: expected a count", code.as_str()))?;
            if let Some(i) = WarningCode::ALL.iter().position(|c| *c == code) {
                stats.warnings[i] = n;
            }
        }
        stats.time_to_upload = Latency::from_json(
            field(value, "time_to_upload_ms", place)?,
            &format!("{place}.time_to_upload_ms"),
        )?;
        stats.time_to_reachable = Latency::from_json(
            field(value, "time_to_reachable_ms", place)?,
            &format!("{place}.time_to_reachable_ms"),
        )?;
        Ok(stats)
    }
}

/// Taps and what became of them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ClickStats {
    /// Notifications the user tapped.
    pub raised: u64,
    /// `deliver_click` effects.
    pub delivered: u64,
    /// `click_deferred`: held until login and `ui_ready`.
    pub deferred: u64,
    /// `click_superseded`.
    pub superseded: u64,
    /// `click_ignored` by reason.
    pub duplicate: u64,
    pub already_open: u64,
    pub other_user: u64,
}

const CLICK_COUNTERS: [&str; 7] = [
    "raised",
    "delivered",
    "deferred",
    "superseded",
    "duplicate",
    "already_open",
    "other_user",
];

impl ClickStats {
    fn fields_mut(&mut self) -> [&mut u64; 7] {
        [
            &mut self.raised,
            &mut self.delivered,
            &mut self.deferred,
            &mut self.superseded,
            &mut self.duplicate,
            &mut self.already_open,
            &mut self.other_user,
        ]
    }

    fn fields(&self) -> [u64; 7] {
        [
            self.raised,
            self.delivered,
            self.deferred,
            self.superseded,
            self.duplicate,
            self.already_open,
            self.other_user,
        ]
    }
}

/// Calls to the Chat server per second of virtual time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Load {
    pub per_second: Vec<u64>,
}

impl Load {
    fn new(seconds: usize) -> Load {
        Load {
            per_second: vec![0; seconds],
        }
    }

    pub fn record(&mut self, at_ms: u64) {
        let second = (at_ms / 1000) as usize;
        if let Some(slot) = self.per_second.get_mut(second) {
            *slot += 1;
        }
    }

    pub fn total(&self) -> u64 {
        self.per_second.iter().sum()
    }

    /// The busiest second: (second, calls); the first of equal ones.
    pub fn peak(&self) -> (usize, u64) {
        self.per_second.iter().enumerate().fold(
            (0, 0),
            |best, (s, n)| if *n > best.1 { (s, *n) } else { best },
        )
    }

    pub fn mean(&self) -> f64 {
        if self.per_second.is_empty() {
            0.0
        } else {
            self.total() as f64 / self.per_second.len() as f64
        }
    }

    fn to_json(&self) -> Value {
        let (peak_at, peak) = self.peak();
        let mut out = Map::new();
        out.insert("total".into(), Value::from(self.total()));
        out.insert("mean_per_s".into(), Value::from(self.mean()));
        out.insert("peak_per_s".into(), Value::from(peak));
        out.insert("peak_at_s".into(), Value::from(peak_at));
        out.insert("per_second".into(), Value::from(self.per_second.clone()));
        Value::Object(out)
    }

    fn from_json(value: &Value, seconds: usize, place: &str) -> Result<Load, String> {
        let list = field(value, "per_second", place)?
            .as_array()
            .ok_or_else(|| format!("`{place}.per_second`: expected an array of counts"))?;
        if list.len() != seconds {
            return Err(format!(
                "`{place}.per_second`: expected {seconds} counts (one per second of the day), got {}",
                list.len()
            ));
        }
        let per_second = list
            .iter()
            .map(|n| n.as_u64())
            .collect::<Option<Vec<u64>>>()
            .ok_or_else(|| format!("`{place}.per_second`: expected counts (integers)"))?;
        Ok(Load { per_second })
    }
}

/// Everything one run (or shard, or worker) counted.
#[derive(Debug, Clone)]
pub struct Stats {
    pub devices: u64,
    pub editions: [u64; 2],
    pub families: [u64; 9],
    /// In the order of [`vendor_names`].
    pub vendors: Vec<VendorStats>,
    pub clicks: ClickStats,
    /// `upload_token` calls.
    pub uploads: Load,
    /// `clear_token` calls.
    pub clears: Load,
}

impl Stats {
    /// Empty counters for `vendors` vendors and a day of `seconds`.
    pub fn new(vendors: usize, seconds: usize) -> Stats {
        Stats {
            devices: 0,
            editions: [0; 2],
            families: [0; 9],
            vendors: (0..vendors).map(|_| VendorStats::new()).collect(),
            clicks: ClickStats::default(),
            uploads: Load::new(seconds),
            clears: Load::new(seconds),
        }
    }

    pub fn count_device(&mut self, edition: Edition, family: Family) {
        self.devices += 1;
        self.editions[Edition::ALL.iter().position(|e| *e == edition).unwrap_or(0)] += 1;
        self.families[Family::ALL.iter().position(|f| *f == family).unwrap_or(0)] += 1;
    }

    /// Adds `other` (same vendors, same day) to this.
    pub fn add(&mut self, other: &Stats) {
        self.devices += other.devices;
        add_all(&mut self.editions, &other.editions);
        add_all(&mut self.families, &other.families);
        for (mine, theirs) in self.vendors.iter_mut().zip(&other.vendors) {
            mine.add(theirs);
        }
        for (mine, theirs) in self
            .clicks
            .fields_mut()
            .into_iter()
            .zip(other.clicks.fields())
        {
            *mine += theirs;
        }
        add_all(&mut self.uploads.per_second, &other.uploads.per_second);
        add_all(&mut self.clears.per_second, &other.clears.per_second);
    }

    pub fn merged(mut self, other: Stats) -> Stats {
        self.add(&other);
        self
    }

    /// Processes started, over every vendor.
    pub fn processes(&self) -> u64 {
        self.vendors.iter().map(|v| v.processes).sum()
    }

    /// One latency over every vendor.
    pub fn all_vendors(&self, pick: impl Fn(&VendorStats) -> &Latency) -> Latency {
        let mut all = Latency::default();
        for vendor in &self.vendors {
            all.add(pick(vendor));
        }
        all
    }

    /// The lossless JSON form, with derived figures beside the counts.
    pub fn to_json(&self, names: &[&str]) -> Value {
        let mut out = Map::new();
        out.insert("devices".into(), Value::from(self.devices));
        out.insert(
            "editions".into(),
            named(Edition::ALL.iter().map(|e| e.name()), &self.editions),
        );
        out.insert(
            "families".into(),
            named(Family::ALL.iter().map(|f| f.name()), &self.families),
        );
        out.insert("processes".into(), Value::from(self.processes()));
        let vendors: Map<String, Value> = names
            .iter()
            .zip(&self.vendors)
            .map(|(name, stats)| ((*name).to_string(), stats.to_json()))
            .collect();
        out.insert("vendors".into(), Value::Object(vendors));
        let mut all = Map::new();
        all.insert(
            "time_to_upload_ms".into(),
            self.all_vendors(|v| &v.time_to_upload).to_json(false),
        );
        all.insert(
            "time_to_reachable_ms".into(),
            self.all_vendors(|v| &v.time_to_reachable).to_json(false),
        );
        out.insert("all_vendors".into(), Value::Object(all));
        out.insert(
            "clicks".into(),
            named(CLICK_COUNTERS.iter().copied(), &self.clicks.fields()),
        );
        let mut load = Map::new();
        load.insert("seconds".into(), Value::from(self.uploads.per_second.len()));
        load.insert("uploads".into(), self.uploads.to_json());
        load.insert("clears".into(), self.clears.to_json());
        out.insert("load".into(), Value::Object(load));
        Value::Object(out)
    }

    /// Reads the lossless form back (`place` names it in errors, e.g. `result`).
    pub fn from_json(
        value: &Value,
        names: &[&str],
        seconds: usize,
        place: &str,
    ) -> Result<Stats, String> {
        let mut stats = Stats::new(names.len(), seconds);
        stats.devices = count(value, "devices", place)?;
        let editions = field(value, "editions", place)?;
        for (i, edition) in Edition::ALL.iter().enumerate() {
            stats.editions[i] = count(editions, edition.name(), &format!("{place}.editions"))?;
        }
        let families = field(value, "families", place)?;
        for (i, family) in Family::ALL.iter().enumerate() {
            stats.families[i] = count(families, family.name(), &format!("{place}.families"))?;
        }
        let vendors = field(value, "vendors", place)?;
        for (name, slot) in names.iter().zip(stats.vendors.iter_mut()) {
            let inner = format!("{place}.vendors.{name}");
            *slot =
                VendorStats::from_json(field(vendors, name, &format!("{place}.vendors"))?, &inner)?;
        }
        let clicks = field(value, "clicks", place)?;
        for (name, slot) in CLICK_COUNTERS.iter().zip(stats.clicks.fields_mut()) {
            *slot = count(clicks, name, &format!("{place}.clicks"))?;
        }
        let load = field(value, "load", place)?;
        let load_place = format!("{place}.load");
        stats.uploads = Load::from_json(
            field(load, "uploads", &load_place)?,
            seconds,
            &format!("{load_place}.uploads"),
        )?;
        stats.clears = Load::from_json(
            field(load, "clears", &load_place)?,
            seconds,
            &format!("{load_place}.clears"),
        )?;
        Ok(stats)
    }
}

fn add_all(mine: &mut [u64], theirs: &[u64]) {
    for (a, b) in mine.iter_mut().zip(theirs) {
        *a += b;
    }
}

fn named<'a>(names: impl Iterator<Item = &'a str>, counts: &[u64]) -> Value {
    Value::Object(
        names
            .zip(counts)
            .map(|(name, n)| (name.to_string(), Value::from(*n)))
            .collect(),
    )
}

fn field<'a>(value: &'a Value, key: &str, place: &str) -> Result<&'a Value, String> {
    value
        .get(key)
        .ok_or_else(|| format!("`{place}`: missing key `{key}`"))
}

fn count(value: &Value, key: &str, place: &str) -> Result<u64, String> {
    field(value, key, place)?
        .as_u64()
        .ok_or_else(|| format!("`{place}.{key}`: expected a count (an integer, 0 or more)"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(seed: u64) -> Stats {
        let names = vendor_names();
        let mut stats = Stats::new(names.len(), 100);
        stats.count_device(Edition::China, Family::Xiaomi);
        let vendor = &mut stats.vendors[(seed % 3) as usize];
        vendor.processes += 2;
        vendor.uploads += seed;
        vendor.warning(WarningCode::TokenUnavailable);
        for ms in [5_300, 5_400, 61_000 * seed + 7] {
            vendor.time_to_upload.record(ms);
            vendor.time_to_reachable.record(ms / 2);
        }
        stats.clicks.raised += seed;
        stats.uploads.record(seed * 1000 + 5);
        stats.clears.record(99_999);
        stats
    }

    #[test]
    fn the_json_form_is_lossless() {
        let names = vendor_names();
        let stats = sample(4).merged(sample(7));
        let json = stats.to_json(&names);
        let back = Stats::from_json(&json, &names, 100, "result").unwrap();
        assert_eq!(back.to_json(&names), json);
    }

    #[test]
    fn merging_is_order_independent() {
        let names = vendor_names();
        let ab = sample(1).merged(sample(2)).merged(sample(3));
        let ba = sample(3).merged(sample(1)).merged(sample(2));
        assert_eq!(ab.to_json(&names), ba.to_json(&names));
        assert_eq!(ab.devices, 3);
        assert_eq!(ab.uploads.total(), 3);
        assert_eq!(ab.clears.peak(), (99, 3));
    }

    #[test]
    fn bad_json_names_the_place() {
        let names = vendor_names();
        let mut json = sample(1).to_json(&names);
        json["vendors"]["apns"]["time_to_upload_ms"]["histogram"] = Value::from("x");
        let err = Stats::from_json(&json, &names, 100, "result").unwrap_err();
        assert!(
            err.contains("result.vendors.apns.time_to_upload_ms.histogram"),
            "{err}"
        );
        let json = sample(1).to_json(&names);
        let err = Stats::from_json(&json, &names, 50, "result").unwrap_err();
        assert!(err.contains("expected 50 counts"), "{err}");
    }
}
