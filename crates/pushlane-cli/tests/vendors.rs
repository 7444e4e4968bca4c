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

/// The table's rows, header and separator left out: (order, vendor, the other cells).
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip_while(|l| !l.starts_with("| order "))
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.trim_matches('|')
                .split('|')
                .map(|cell| cell.trim().to_string())
                .collect()
        })
        .collect()
}

/// The rules section: (vendor, its rule text), in order.
fn rules(text: &str) -> Vec<(String, String)> {
    text.lines()
        .skip_while(|l| !l.starts_with("rules "))
        .skip(1)
        .map(|l| {
            let (name, rule) = l.trim_start().split_once(' ').expect("name and rule");
            (name.to_string(), rule.trim_start().to_string())
        })
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
    assert_eq!(row("fcm")[4], "use_family (fcm_unavailable)");
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
fn the_table_is_markdown_with_one_header() {
    let text = vendors();
    let table: Vec<&str> = text.lines().filter(|l| l.starts_with('|')).collect();
    assert_eq!(table.len(), 2 + 8, "{text}");
    assert!(
        table[0].starts_with("| order | vendor | requests_permission |"),
        "{text}"
    );
    assert!(table[1].starts_with("|-------|--------|"), "{text}");
    // Every line of the table is as wide as the header, without trailing spaces.
    assert!(
        table
            .iter()
            .all(|l| l.len() == table[0].len() && l.ends_with('|')),
        "{text}"
    );
}

#[test]
fn prints_each_plugins_own_rule() {
    let text = vendors();
    let printed = rules(&text);
    let plugins = pushlane::linked_vendors().expect("linked");
    assert_eq!(printed.len(), plugins.len() + 1, "{text}");
    for (plugin, (name, rule)) in plugins.iter().zip(&printed) {
        assert_eq!(name, plugin.name());
        assert_eq!(rule, plugin.detection_rule(), "{name}");
        assert_ne!(
            rule,
            pushlane::plugin::registry::UNDESCRIBED_DETECTION_RULE,
            "{name} describes its rule"
        );
    }
    let by_name = |name: &str| &printed.iter().find(|(n, _)| n == name).unwrap().1;
    assert_eq!(by_name("honor"), "manufacturer honor with honor_push");
    assert!(by_name("meizu").contains("ro.build.display.id contains flyme"));
    assert_eq!(by_name("apns"), "every iOS device (platform)");
    let (last, otherwise) = printed.last().unwrap();
    assert_eq!(last, "local");
    assert!(
        otherwise.starts_with("otherwise: no family matched"),
        "{text}"
    );
}
