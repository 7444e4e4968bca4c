//! `pushlane vendors`: the built binary lists the linked plugins in their fixed order.

use std::process::Command;

fn vendors() -> String {
    let output = Command::new(env!("CARGO_BIN_EXE_pushlane"))
        .arg("vendors")
        .output()
        .expect("run pushlane");
    assert_eq!(output.status.code(), Some(0));
    String::from_utf8(output.stdout).unwrap()
}

/// The table's rows: (order, vendor, the other cells).
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.starts_with("order"))
        .skip(1)
        .take_while(|l| !l.trim().is_empty())
        .map(|l| l.split_whitespace().map(|s| s.to_string()).collect())
        .collect()
}

#[test]
fn lists_all_eight_vendors_in_the_fixed_order() {
    let text = vendors();
    assert!(text.starts_with("8 vendor plugins linked"), "{text}");
    let names: Vec<String> = rows(&text).iter().map(|r| r[1].clone()).collect();
    assert_eq!(
        names,
        ["apns", "fcm", "xiaomi", "huawei", "honor", "meizu", "oppo", "vivo"]
    );
    let orders: Vec<u32> = rows(&text).iter().map(|r| r[0].parse().unwrap()).collect();
    assert!(orders.windows(2).all(|w| w[0] < w[1]), "{orders:?}");
}

#[test]
fn shows_each_capability() {
    let text = vendors();
    for column in [
        "requests_permission",
        "needs_channel",
        "on_error",
        "badge_needs_launcher",
        "polls_token",
    ] {
        assert!(text.contains(column), "{column}: {text}");
    }
    let rows = rows(&text);
    let row = |name: &str| rows.iter().find(|r| r[1] == name).unwrap().clone();
    // oppo: permission asked on every Android version, and a channel of its own.
    assert_eq!(&row("oppo")[2..4], ["yes", "yes"]);
    assert_eq!(row("oppo")[4], "retry_with_local");
    // fcm gives up for the family's vendor.
    assert_eq!(row("fcm")[4], "use_family");
    assert!(text.contains("use_family (fcm_unavailable)"), "{text}");
    // The launcher badge families.
    for name in ["huawei", "honor", "vivo"] {
        assert_eq!(
            row(name).last().map(|s| s.as_str()),
            Some("yes"),
            "polls_token {name}"
        );
        assert_eq!(
            row(name)[row(name).len() - 2],
            "yes",
            "badge_needs_launcher {name}"
        );
    }
    assert_eq!(row("xiaomi")[row("xiaomi").len() - 2], "no");
}

#[test]
fn summarises_the_rules() {
    let text = vendors();
    assert!(
        text.contains("manufacturer honor with honor_push"),
        "{text}"
    );
    assert!(
        text.contains("ro.build.display.id contains flyme"),
        "{text}"
    );
    assert!(text.contains("every iOS device"), "{text}");
    assert!(text.contains("local"), "{text}");
}
