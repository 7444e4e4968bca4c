//! The output of a fleet run or merge: a report for people (`pretty`), or the result document
//! (`json`, for plots and for `pushlane fleet merge`).

use super::device::{Edition, Family};
use super::shard::Document;
use super::stats::{Latency, Load, Stats};
use clap::ValueEnum;
use comfy_table::{presets, CellAlignment, ContentArrangement, Table};
use pushlane::WarningCode;

/// Output formats of `pushlane fleet`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// A report for people: tables and a histogram of the server load over the day.
    Pretty,
    /// The result document (one line of JSON): every count, the histograms and the load per
    /// second; the input of `pushlane fleet merge`.
    Json,
}

/// Rows of the load histogram.
const LOAD_ROWS: u64 = 24;
/// Width of its longest bar.
const BAR_WIDTH: usize = 40;

pub fn render(doc: &Document, names: &[&str], format: ReportFormat) -> String {
    match format {
        ReportFormat::Json => format!("{}\n", doc.to_json(names)),
        ReportFormat::Pretty => pretty(doc, names),
    }
}

fn pretty(doc: &Document, names: &[&str]) -> String {
    let stats = &doc.stats;
    let mix_name = doc
        .run
        .mix
        .get("name")
        .and_then(|n| n.as_str())
        .unwrap_or("");
    let day_s = stats.uploads.per_second.len() as u64;
    let mut out = format!(
        "pushlane fleet: mix \"{mix_name}\", seed {}, {} devices{}, each {} of virtual time\n",
        doc.run.seed,
        thousands(doc.run.devices),
        match doc.shard {
            Some(shard) => format!(" (shard {shard}: {} of them)", thousands(stats.devices)),
            None => String::new(),
        },
        duration(day_s * 1000),
    );
    let merged = if doc.wall.shards.is_empty() {
        String::new()
    } else {
        format!(", summed over {} shards", doc.wall.shards.len())
    };
    out.push_str(&format!(
        "wall time {:.1} s on {} thread{}{merged}: {} devices/s\n\n",
        doc.wall.seconds,
        doc.wall.threads,
        if doc.wall.threads == 1 { "" } else { "s" },
        thousands(doc.wall.devices_per_second(stats.devices).round() as u64),
    ));
    population(&mut out, stats);
    vendors(&mut out, stats, names);
    reach(&mut out, stats);
    load(&mut out, "upload_token", &stats.uploads);
    let (peak_at, peak) = stats.clears.peak();
    out.push_str(&format!(
        "clear_token calls: {} in all, peak {}/s at {}\n\n",
        thousands(stats.clears.total()),
        peak,
        clock(peak_at as u64)
    ));
    clicks(&mut out, stats);
    out
}

fn population(out: &mut String, stats: &Stats) {
    let share = |n: u64| percent(n, stats.devices);
    let editions: Vec<String> = Edition::ALL
        .iter()
        .zip(stats.editions)
        .map(|(e, n)| format!("{} {}", e.name(), share(n)))
        .collect();
    let mut families: Vec<(Family, u64)> = Family::ALL
        .iter()
        .copied()
        .zip(stats.families)
        .filter(|(_, n)| *n > 0)
        .collect();
    families.sort_by_key(|(_, n)| std::cmp::Reverse(*n));
    let families: Vec<String> = families
        .iter()
        .map(|(f, n)| format!("{} {}", f.name(), share(*n)))
        .collect();
    out.push_str(&format!("editions   {}\n", editions.join(", ")));
    out.push_str(&format!("families   {}\n", families.join(", ")));
    let processes = stats.processes();
    out.push_str(&format!(
        "processes  {} started ({:.2} a device: first starts, and cold starts after the OS killed the app or it crashed)\n\n",
        thousands(processes),
        if stats.devices > 0 { processes as f64 / stats.devices as f64 } else { 0.0 }
    ));
}

fn vendors(out: &mut String, stats: &Stats, names: &[&str]) {
    let mut table = Table::new();
    table
        .load_preset(presets::NOTHING)
        .set_content_arrangement(ContentArrangement::Disabled)
        .set_header([
            "vendor",
            "processes",
            "uploads",
            "calls",
            "retries",
            "skipped",
            "clears",
            "unreached",
            "upload p50",
            "p90",
            "p99",
            "max",
            "warnings",
        ]);
    for (name, vendor) in names.iter().zip(&stats.vendors) {
        if vendor.processes == 0 && vendor.upload_attempts == 0 && vendor.clear_attempts == 0 {
            continue;
        }
        let warnings: Vec<String> = WarningCode::ALL
            .iter()
            .map(|code| (code, vendor.warnings_of(*code)))
            .filter(|(_, n)| *n > 0)
            .map(|(code, n)| format!("{} {}", code.as_str(), thousands(n)))
            .collect();
        let mut row = vec![
            name.to_string(),
            thousands(vendor.processes),
            thousands(vendor.uploads),
            thousands(vendor.upload_attempts),
            thousands(vendor.retries),
            thousands(vendor.skipped),
            thousands(vendor.clears),
            thousands(vendor.unreached),
        ];
        row.extend(quantiles(&vendor.time_to_upload));
        row.push(warnings.join(", "));
        table.add_row(row);
    }
    for index in 1..12 {
        if let Some(column) = table.column_mut(index) {
            column.set_cell_alignment(CellAlignment::Right);
        }
    }
    out.push_str(&format!(
        "per vendor (the one serving when it happened); calls are upload_token calls, upload p50…max the\ntime from a process's start to its first token_uploaded:\n{}\n\n",
        table.trim_fmt()
    ));
}

fn quantiles(latency: &Latency) -> Vec<String> {
    if latency.count() == 0 {
        return vec!["–".to_string(); 4];
    }
    vec![
        duration(latency.quantile(0.5)),
        duration(latency.quantile(0.9)),
        duration(latency.quantile(0.99)),
        duration(latency.max()),
    ]
}

fn reach(out: &mut String, stats: &Stats) {
    let reach = stats.all_vendors(|v| &v.time_to_reachable);
    let upload = stats.all_vendors(|v| &v.time_to_upload);
    let unreached: u64 = stats.vendors.iter().map(|v| v.unreached).sum();
    let local = stats.vendors.last().map_or(0, |v| v.unreached);
    for (what, latency) in [
        (
            "reachable (token on the Chat server: uploaded or already there)",
            &reach,
        ),
        ("first token_uploaded", &upload),
    ] {
        let q = quantiles(latency);
        out.push_str(&format!(
            "{what} after a start, over {} processes: p50 {}, p90 {}, p99 {}, max {}\n",
            thousands(latency.count()),
            q[0],
            q[1],
            q[2],
            q[3]
        ));
    }
    out.push_str(&format!(
        "not reached: {} processes ended (killed, crashed, day over) with push on and no token on the server,\n{} of them served by local (no vendor channel: reachable only while the app runs)\n\n",
        thousands(unreached),
        thousands(local)
    ));
}

fn load(out: &mut String, what: &str, load: &Load) {
    let (peak_at, peak) = load.peak();
    out.push_str(&format!(
        "server load, {what} calls per second of virtual time: {} in all, mean {:.2}/s, peak {}/s at {}\n",
        thousands(load.total()),
        load.mean(),
        peak,
        clock(peak_at as u64)
    ));
    let seconds = load.per_second.len() as u64;
    let row_s = seconds.div_ceil(LOAD_ROWS).max(1);
    let rows: Vec<(u64, f64, u64)> = load
        .per_second
        .chunks(row_s as usize)
        .enumerate()
        .map(|(i, chunk)| {
            let total: u64 = chunk.iter().sum();
            let peak = chunk.iter().copied().max().unwrap_or(0);
            (i as u64 * row_s, total as f64 / chunk.len() as f64, peak)
        })
        .collect();
    let widest = rows.iter().map(|r| r.1).fold(0.0, f64::max);
    out.push_str(&format!(
        "  {:<9} {:>9} {:>7}\n",
        "from", "mean/s", "peak/s"
    ));
    for (from, mean, peak) in rows {
        let bar = if widest > 0.0 {
            "█".repeat((mean / widest * BAR_WIDTH as f64).round() as usize)
        } else {
            String::new()
        };
        out.push_str(&format!(
            "  {:<9} {:>9.2} {:>7}  {bar}\n",
            clock(from),
            mean,
            peak
        ));
    }
}

fn clicks(out: &mut String, stats: &Stats) {
    let c = &stats.clicks;
    out.push_str(&format!(
        "clicks: {} notifications tapped, {} delivered ({}); {} held until login and ui_ready, {} superseded,\n{} duplicates ignored (vivo delivers a tap twice), {} already open, {} of another user\n",
        thousands(c.raised),
        thousands(c.delivered),
        percent(c.delivered, c.raised),
        thousands(c.deferred),
        thousands(c.superseded),
        thousands(c.duplicate),
        thousands(c.already_open),
        thousands(c.other_user),
    ));
}

/// `1234567` → `1,234,567`.
pub fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let head = digits.len() % 3;
    let mut groups: Vec<&str> = Vec::new();
    if head > 0 {
        groups.push(&digits[..head]);
    }
    let mut rest = &digits[head..];
    while !rest.is_empty() {
        groups.push(&rest[..3]);
        rest = &rest[3..];
    }
    groups.join(",")
}

fn percent(part: u64, whole: u64) -> String {
    if whole == 0 {
        "–".to_string()
    } else {
        format!("{:.1} %", part as f64 * 100.0 / whole as f64)
    }
}

/// A duration in ms for people: `850 ms`, `5.2 s`, `4.1 min`, `2.0 h`.
pub fn duration(ms: u64) -> String {
    let s = ms as f64 / 1000.0;
    if ms < 1000 {
        format!("{ms} ms")
    } else if s < 120.0 {
        format!("{s:.1} s")
    } else if s < 7200.0 {
        format!("{:.1} min", s / 60.0)
    } else {
        format!("{:.1} h", s / 3600.0)
    }
}

/// A second of the virtual day as `hh:mm:ss` (`d2 hh:mm:ss` after the first day).
fn clock(second: u64) -> String {
    let (day, rest) = (second / 86_400, second % 86_400);
    let time = format!(
        "{:02}:{:02}:{:02}",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60
    );
    if day == 0 {
        time
    } else {
        format!("d{} {time}", day + 1)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(1234567), "1,234,567");
        assert_eq!(thousands(100), "100");
        assert_eq!(duration(850), "850 ms");
        assert_eq!(duration(5_230), "5.2 s");
        assert_eq!(duration(246_000), "4.1 min");
        assert_eq!(duration(7_200_000), "2.0 h");
        assert_eq!(clock(3_723), "01:02:03");
        assert_eq!(clock(86_400 + 5), "d2 00:00:05");
        assert_eq!(percent(1, 3), "33.3 %");
        assert_eq!(percent(1, 0), "–");
    }
}
