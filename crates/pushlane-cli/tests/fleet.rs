//! `pushlane fleet`: determinism (seed, threads), shards merged equal one run, what a mix
//! changes in the result, and the refusals (mix keys, `--shard`, merges). Fleets stay small:
//! these run in debug builds.

mod common;

use common::{pushlane, pushlane_at_root};
use serde_json::Value;
use std::path::{Path, PathBuf};

/// A fleet run's JSON without its wall-clock fields, as bytes to compare.
fn deterministic(json: &str) -> String {
    let mut value: Value = serde_json::from_str(json).expect("fleet JSON");
    let wall = value
        .as_object_mut()
        .and_then(|o| o.remove("wall"))
        .expect("a wall section");
    assert!(wall["seconds"].is_number(), "{wall}");
    serde_json::to_string(&value).unwrap()
}

fn run_json(args: &[&str]) -> Value {
    let mut all = vec!["fleet", "--format", "json"];
    all.extend_from_slice(args);
    let run = pushlane(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    serde_json::from_str(&run.stdout).expect("fleet JSON")
}

fn write_mix(dir: &Path, name: &str, text: &str) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

/// Sums a counter over every vendor of a result.
fn total(result: &Value, counter: &str) -> u64 {
    result["result"]["vendors"]
        .as_object()
        .unwrap()
        .values()
        .map(|v| v[counter].as_u64().unwrap())
        .sum()
}

#[test]
fn the_same_seed_gives_the_same_result_whatever_the_threads() {
    let one = pushlane(&[
        "fleet",
        "--devices",
        "1500",
        "--seed",
        "9",
        "--threads",
        "1",
        "--format",
        "json",
    ]);
    let two = pushlane(&[
        "fleet",
        "--devices",
        "1500",
        "--seed",
        "9",
        "--threads",
        "2",
        "--format",
        "json",
    ]);
    let again = pushlane(&[
        "fleet",
        "--devices",
        "1500",
        "--seed",
        "9",
        "--threads",
        "2",
        "--format",
        "json",
    ]);
    assert_eq!(one.code, 0, "{}", one.stderr);
    assert_eq!(deterministic(&one.stdout), deterministic(&two.stdout));
    assert_eq!(deterministic(&two.stdout), deterministic(&again.stdout));
    let other = pushlane(&[
        "fleet",
        "--devices",
        "1500",
        "--seed",
        "10",
        "--format",
        "json",
    ]);
    assert_ne!(deterministic(&one.stdout), deterministic(&other.stdout));
    // No progress bar and nothing else on standard error when it is not a terminal.
    assert_eq!(one.stderr, "");
}

#[test]
fn four_shards_merged_equal_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for index in 0..4 {
        let shard = format!("{index}/4");
        let run = pushlane(&[
            "fleet",
            "--devices",
            "2001",
            "--seed",
            "5",
            "--shard",
            &shard,
        ]);
        assert_eq!(run.code, 0, "{}", run.stderr);
        let value: Value = serde_json::from_str(&run.stdout).unwrap();
        assert_eq!(value["shard"]["index"], index);
        assert_eq!(
            value["result"]["devices"],
            if index == 0 { 501 } else { 500 }
        );
        let file = dir.path().join(format!("shard-{index}.json"));
        std::fs::write(&file, &run.stdout).unwrap();
        files.push(file.to_string_lossy().into_owned());
    }
    // Any order of the files.
    let mut args = vec!["fleet", "merge", "--format", "json"];
    args.extend(files.iter().rev().map(String::as_str));
    let merged = pushlane(&args);
    assert_eq!(merged.code, 0, "{}", merged.stderr);
    let whole = pushlane(&[
        "fleet",
        "--devices",
        "2001",
        "--seed",
        "5",
        "--format",
        "json",
    ]);
    assert_eq!(deterministic(&merged.stdout), deterministic(&whole.stdout));

    let mut args = vec!["fleet", "merge"];
    args.extend(files.iter().map(String::as_str));
    let pretty = pushlane(&args);
    assert_eq!(pretty.code, 0, "{}", pretty.stderr);
    assert!(
        pretty.stdout.contains("summed over 4 shards"),
        "{}",
        pretty.stdout
    );
}

#[test]
fn the_example_default_mix_is_the_default() {
    let with = pushlane_at_root(&[
        "fleet",
        "--devices",
        "300",
        "--mix",
        "examples/fleet/default.toml",
        "--format",
        "json",
    ]);
    let without = pushlane(&["fleet", "--devices", "300", "--format", "json"]);
    assert_eq!(with.code, 0, "{}", with.stderr);
    assert_eq!(deterministic(&with.stdout), deterministic(&without.stdout));
    let night = pushlane_at_root(&[
        "fleet",
        "--devices",
        "300",
        "--mix",
        "examples/fleet/release-night.toml",
    ]);
    assert_eq!(night.code, 0, "{}", night.stderr);
    assert!(
        night.stdout.contains("mix \"release night\""),
        "{}",
        night.stdout
    );
}

#[test]
fn every_upload_failing_shows_retries_and_no_uploads() {
    let dir = tempfile::tempdir().unwrap();
    let mix = write_mix(
        dir.path(),
        "failing.toml",
        "[population]\nfresh_install = 1.0\n[faults]\nupload_failure = 1.0\n",
    );
    let result = run_json(&["--devices", "400", "--mix", mix.to_str().unwrap()]);
    assert_eq!(total(&result, "uploads"), 0);
    assert!(
        total(&result, "retries") > 400,
        "{}",
        total(&result, "retries")
    );
    assert!(total(&result, "upload_attempts") > 400);
    assert_eq!(
        result["result"]["all_vendors"]["time_to_upload_ms"]["count"],
        0
    );
    assert!(
        result["result"]["load"]["uploads"]["peak_per_s"]
            .as_u64()
            .unwrap()
            > 0
    );
}

#[test]
fn push_switched_off_shows_clears() {
    let dir = tempfile::tempdir().unwrap();
    let off = write_mix(
        dir.path(),
        "off.toml",
        "[behaviour]\npush_off = 1.0\npush_on_again = 0.0\n[faults]\nclear_failure = 0.0\n",
    );
    let result = run_json(&["--devices", "400", "--mix", off.to_str().unwrap()]);
    assert!(
        total(&result, "clears") > 200,
        "{}",
        total(&result, "clears")
    );
    assert_eq!(total(&result, "clears"), total(&result, "clear_attempts"));
    let never = write_mix(dir.path(), "never.toml", "[behaviour]\npush_off = 0.0\n");
    let result = run_json(&["--devices", "400", "--mix", never.to_str().unwrap()]);
    assert_eq!(total(&result, "clears"), 0);
}

#[test]
fn a_bad_mix_is_refused_by_its_key_path() {
    let dir = tempfile::tempdir().unwrap();
    for (text, expected) in [
        (
            "[faults]\nupload_failures = 0.5\n",
            "[faults]: unknown key `upload_failures`; did you mean `upload_failure`?",
        ),
        (
            "[behaviour]\nclick_share = 2\n",
            "key `behaviour.click_share`: expected a share from 0 to 1, got 2",
        ),
        (
            "[devices.china]\nnokia = 3\n",
            "[devices.china]: unknown key `nokia`",
        ),
        (
            "[config]\n[[config.vendors]]\nvendor = \"oppo\"\nbusiness_id = 7\n",
            "key `config.vendors[0]`: oppo: missing field app_key",
        ),
    ] {
        let mix = write_mix(dir.path(), "bad.toml", text);
        let run = pushlane(&["fleet", "--devices", "10", "--mix", mix.to_str().unwrap()]);
        assert_eq!(run.code, 2, "{text}: {}", run.stderr);
        assert!(
            run.stderr.contains("bad.toml: ") && run.stderr.contains(expected),
            "{text}: {}",
            run.stderr
        );
        assert_eq!(run.stdout, "");
    }
}

#[test]
fn bad_command_lines_are_refused() {
    for shard in ["4/4", "1", "a/b", "1/0", "0/2/3"] {
        let run = pushlane(&["fleet", "--devices", "10", "--shard", shard]);
        assert_eq!(run.code, 2, "{shard}: {}", run.stderr);
        assert!(
            run.stderr.contains("expected I/N"),
            "{shard}: {}",
            run.stderr
        );
    }
    let run = pushlane(&[
        "fleet",
        "--devices",
        "10",
        "--shard",
        "0/2",
        "--format",
        "pretty",
    ]);
    assert_eq!(run.code, 2);
    assert!(
        run.stderr.contains("a shard's result is JSON"),
        "{}",
        run.stderr
    );
    let run = pushlane(&["fleet"]);
    assert_eq!(run.code, 2);
    assert!(run.stderr.contains("--devices"), "{}", run.stderr);
    let run = pushlane(&["fleet", "--devices", "0"]);
    assert_eq!(run.code, 2, "{}", run.stderr);
}

/// Writes shard `shard` of a run to `dir`, returning the file.
fn shard_file(dir: &Path, name: &str, args: &[&str], shard: &str) -> String {
    let mut all = vec!["fleet", "--shard", shard];
    all.extend_from_slice(args);
    let run = pushlane(&all);
    assert_eq!(run.code, 0, "{}", run.stderr);
    let file = dir.join(name);
    std::fs::write(&file, &run.stdout).unwrap();
    file.to_string_lossy().into_owned()
}

#[test]
fn merges_of_shards_that_do_not_belong_together_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    let base = ["--devices", "60", "--seed", "1"];
    let a0 = shard_file(d, "a0.json", &base, "0/2");
    let a1 = shard_file(d, "a1.json", &base, "1/2");
    let seed2 = shard_file(d, "seed2.json", &["--devices", "60", "--seed", "2"], "1/2");
    let more = shard_file(d, "more.json", &["--devices", "61", "--seed", "1"], "1/2");
    let three = shard_file(d, "three.json", &base, "1/3");
    let mix = write_mix(
        d,
        "mix.toml",
        "name = \"default\"\n[faults]\nupload_failure = 0.5\n",
    );
    let mix = mix.to_str().unwrap();
    let other_mix = shard_file(
        d,
        "mix1.json",
        &["--devices", "60", "--seed", "1", "--mix", mix],
        "1/2",
    );
    let not_json = write_mix(d, "notes.json", "not json");
    let not_json = not_json.to_str().unwrap();
    let cases: [(&[&str], &str); 7] = [
        (&[&a0, &seed2], "seed2.json: not a shard of the same run as"),
        (&[&a0, &more], "`run.devices` is 61, not 60"),
        (
            &[&a0, &other_mix],
            "`run.mix.faults.upload_failure` is 0.5, not 0.01",
        ),
        (&[&a0, &three], "three.json: is shard 1/3, but"),
        (&[&a0, &a1, &a1], "shard 1/2 is given twice"),
        (&[&a0], "shard 1/2 is missing"),
        (&[&a0, not_json], "notes.json: not valid JSON at line 1"),
    ];
    for (files, expected) in cases {
        let mut args = vec!["fleet", "merge"];
        args.extend_from_slice(files);
        let run = pushlane(&args);
        assert_eq!(run.code, 2, "{files:?}: {}", run.stderr);
        assert!(run.stderr.contains(expected), "{files:?}: {}", run.stderr);
        assert_eq!(run.stdout, "");
    }
    let run = pushlane(&["fleet", "merge", &a0, &a1]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}
