mod model;
mod support;
use proptest::strategy::{Strategy, ValueTree};
use proptest::test_runner::TestRunner;
use std::collections::BTreeMap;

#[test]
fn coverage() {
    let mut runner = TestRunner::deterministic();
    let strat = (model::world(), model::steps(60));
    let mut counts: BTreeMap<String, usize> = BTreeMap::new();
    let n = 2000;
    for _ in 0..n {
        let (world, steps) = strat.new_tree(&mut runner).unwrap().current();
        let trace = match model::run(&world, &steps) {
            Ok(t) => t,
            Err(v) => {
                println!("FAIL {v:?}");
                continue;
            }
        };
        let mut seen = std::collections::BTreeSet::new();
        for (_, input, outs) in &trace.steps {
            for o in outs {
                let k = match o {
                    pushlane::Output::Effect(e) => format!("effect {}", e.kind()),
                    pushlane::Output::Event(pushlane::Event::Warning { code, .. }) => {
                        format!("warning {}", code.as_str())
                    }
                    pushlane::Output::Event(pushlane::Event::ClickIgnored { reason }) => {
                        format!("click_ignored {reason}")
                    }
                    pushlane::Output::Event(pushlane::Event::VendorSelected { reason, .. }) => {
                        format!("vendor_selected {reason}")
                    }
                    pushlane::Output::Event(pushlane::Event::Ignored { input, reason }) => {
                        format!("ignored {input} {reason}")
                    }
                    pushlane::Output::Event(pushlane::Event::UploadFailed {
                        retry_in_ms, ..
                    }) => format!("upload_failed retry={}", retry_in_ms.is_some()),
                    pushlane::Output::Event(e) => format!("event {}", e.kind()),
                    pushlane::Output::Persist(w) => {
                        format!("persist {:?}", std::mem::discriminant(w))
                    }
                };
                seen.insert(k);
            }
            if let pushlane::Input::EffectDone { ok, .. } = input {
                if outs.iter().any(|o| {
                    matches!(
                        o,
                        pushlane::Output::Event(pushlane::Event::TokenUploaded { .. })
                    )
                }) {
                    seen.insert(format!("uploaded ok={ok}"));
                }
            }
        }
        for k in seen {
            *counts.entry(k).or_default() += 1;
        }
    }
    for (k, v) in counts {
        println!("{v:6} {k}");
    }
}
