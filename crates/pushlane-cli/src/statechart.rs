//! `pushlane statechart`: the statecharts of the lifecycle's regions (lifecycle.md §4–§8),
//! printed from the transition table the machine itself is written against
//! (`pushlane::statechart`), as Mermaid or Graphviz DOT. The charts of docs/lifecycle.md are
//! this command's output; a test of this crate fails when they are stale.

use crate::error::CliError;
use clap::builder::{PossibleValuesParser, TypedValueParser};
use clap::{Args, ValueEnum};
use pushlane::statechart::{Region, Transition};
use std::fmt::Write as _;
use std::process::ExitCode;

/// Chart formats.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum ChartFormat {
    /// A Mermaid `stateDiagram-v2` (GitHub renders it in Markdown).
    Mermaid,
    /// A Graphviz digraph (`dot -Tsvg`).
    Dot,
}

#[derive(Args, Debug)]
pub struct StatechartArgs {
    /// Only this region (all five when left out).
    #[arg(long, value_parser = region_parser())]
    pub region: Option<Region>,
    /// The chart format.
    #[arg(long, value_enum, default_value = "mermaid")]
    pub format: ChartFormat,
}

/// The region names come from the core, so `--region` accepts exactly the machine's regions.
fn region_parser() -> impl TypedValueParser<Value = Region> {
    PossibleValuesParser::new(Region::ALL.map(Region::name)).try_map(|name| name.parse::<Region>())
}

pub fn run(args: &StatechartArgs) -> Result<ExitCode, CliError> {
    crate::output::print(&render(args.region, args.format))?;
    Ok(ExitCode::SUCCESS)
}

/// The chart of `region`, or of every region.
pub fn render(region: Option<Region>, format: ChartFormat) -> String {
    let regions = match region {
        Some(region) => vec![region],
        None => Region::ALL.to_vec(),
    };
    match format {
        ChartFormat::Mermaid => mermaid(&regions),
        ChartFormat::Dot => dot(&regions),
    }
}

/// A transition's triggers, in table order.
fn triggers(t: &Transition, separator: &str) -> String {
    t.on.join(separator)
}

/// One region as a flat diagram; several as one composite state per region, side by side.
fn mermaid(regions: &[Region]) -> String {
    let mut out = String::from("stateDiagram-v2\n");
    let single = regions.len() == 1;
    for region in regions {
        let indent = if single { "    " } else { "        " };
        if !single {
            // A composite state's id must differ from its states' names (and from Mermaid's
            // keywords, such as `click`): `region_<name>`, shown as the region's name.
            let _ = writeln!(
                out,
                "    state \"{name}\" as region_{name} {{",
                name = region.name()
            );
        }
        let _ = writeln!(out, "{indent}[*] --> {}", region.initial());
        for t in region.transitions() {
            let _ = writeln!(
                out,
                "{indent}{} --> {} : {}",
                t.from,
                t.to,
                triggers(t, ", ")
            );
        }
        if !single {
            out.push_str("    }\n");
        }
    }
    out
}

/// A quoted DOT id or label; a line break becomes DOT's `\n`.
fn quoted(text: &str) -> String {
    let escaped = text
        .replace('\\', "\\\\")
        .replace('"', "\\\"")
        .replace('\n', "\\n");
    format!("\"{escaped}\"")
}

/// A `digraph` for one region; a `subgraph cluster_<region>` per region for several.
fn dot(regions: &[Region]) -> String {
    let single = regions.len() == 1;
    let name = match regions {
        [region] => region.name(),
        _ => "pushlane",
    };
    let mut out = format!("digraph {} {{\n", quoted(name));
    out.push_str("    rankdir=LR;\n");
    out.push_str("    node [shape=box, style=rounded];\n");
    for region in regions {
        let indent = if single { "    " } else { "        " };
        if !single {
            let _ = writeln!(
                out,
                "    subgraph {} {{",
                quoted(&format!("cluster_{region}"))
            );
            let _ = writeln!(out, "        label={};", quoted(region.name()));
        }
        let id = |state: &str| quoted(&format!("{region}/{state}"));
        let start = id("[*]");
        let _ = writeln!(out, "{indent}{start} [shape=point, label=\"\"];");
        for state in region.states() {
            let _ = writeln!(out, "{indent}{} [label={}];", id(state), quoted(state));
        }
        let _ = writeln!(out, "{indent}{start} -> {};", id(region.initial()));
        for t in region.transitions() {
            let _ = writeln!(
                out,
                "{indent}{} -> {} [label={}];",
                id(t.from),
                id(t.to),
                quoted(&triggers(t, "\n"))
            );
        }
        if !single {
            out.push_str("    }\n");
        }
    }
    out.push_str("}\n");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_region_is_a_flat_mermaid_diagram_in_table_order() {
        let chart = render(Some(Region::Init), ChartFormat::Mermaid);
        assert_eq!(
            chart,
            "stateDiagram-v2\n    [*] --> new\n    new --> sdk_ready : sdk_initialized\n    \
             new --> ready : sdk_initialized\n    sdk_ready --> ready : plugin_init\n"
        );
    }

    #[test]
    fn dot_quotes_ids_and_puts_one_trigger_a_line() {
        let chart = render(Some(Region::Session), ChartFormat::Dot);
        assert!(
            chart.starts_with("digraph \"session\" {\n    rankdir=LR;\n"),
            "{chart}"
        );
        assert!(chart.contains(
            "    \"session/logged_in\" -> \"session/logged_out\" \
             [label=\"kicked_offline\\nlogin\\nlogout\\nuser_sig_expired\"];\n"
        ));
        assert!(chart.contains("    \"session/[*]\" -> \"session/logged_out\";\n"));
        assert_eq!(quoted("a\"b\\c"), "\"a\\\"b\\\\c\"");
    }

    #[test]
    fn all_regions_are_composites_and_clusters() {
        let chart = render(None, ChartFormat::Mermaid);
        for region in Region::ALL {
            let head = format!("    state \"{region}\" as region_{region} {{\n");
            assert!(chart.contains(&head), "{chart}");
        }
        let chart = render(None, ChartFormat::Dot);
        assert!(chart.starts_with("digraph \"pushlane\" {\n"));
        assert_eq!(chart.matches("subgraph \"cluster_").count(), 5);
    }
}
