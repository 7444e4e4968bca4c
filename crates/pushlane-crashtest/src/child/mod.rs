//! The child process: runs the engine over a SQLite store through a session and reports on
//! stdout ([`crate::protocol`]) until it finishes or is killed.
//!
//! ```text
//! pushlane-crashtest --store FILE --device NAME --seed N [--token VENDOR=TOKEN]…
//!                    [--hold line:N|write:N|upload-ok:N] [--script push-off-during-upload]
//! ```

mod host;
pub mod out;
mod session;
mod tap;

use crate::protocol::Line;
use crate::rng::Rng;
use crate::setup;
use host::{Behaviour, CrashHost, DeviceTokens};
use out::Hold;
use pushlane_runtime::StoreChoice;
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

pub const USAGE: &str = "usage: pushlane-crashtest --store FILE --device NAME --seed N \
[--token VENDOR=TOKEN]... [--hold line:N|write:N|upload-ok:N] [--script push-off-during-upload]";

/// Which session the child plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Script {
    /// A random session from the seed.
    Random,
    /// Push switched off while an upload is in flight (see `session::push_off_during_upload`).
    PushOffDuringUpload,
}

/// The child's command line.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Options {
    pub store: PathBuf,
    pub device: String,
    pub seed: u64,
    /// The vendor SDKs' tokens on this device from an earlier run.
    pub tokens: BTreeMap<String, String>,
    pub hold: Option<Hold>,
    pub script: Script,
}

impl Options {
    pub fn parse(args: impl IntoIterator<Item = String>) -> Result<Options, String> {
        let mut args = args.into_iter();
        let (mut store, mut device, mut seed) = (None, None, None);
        let mut tokens = BTreeMap::new();
        let mut hold = None;
        let mut script = Script::Random;
        while let Some(flag) = args.next() {
            let mut value = || args.next().ok_or_else(|| format!("{flag} needs a value"));
            match flag.as_str() {
                "--store" => store = Some(PathBuf::from(value()?)),
                "--device" => {
                    let name = value()?;
                    if setup::device(&name).is_none() {
                        let known: Vec<&str> = setup::DEVICES.iter().map(|(n, _)| *n).collect();
                        return Err(format!(
                            "--device {name:?}: unknown device (known: {})",
                            known.join(", ")
                        ));
                    }
                    device = Some(name);
                }
                "--seed" => {
                    let text = value()?;
                    seed = Some(
                        text.parse::<u64>()
                            .map_err(|_| format!("--seed {text:?}: expected a number"))?,
                    );
                }
                "--token" => {
                    let text = value()?;
                    let (vendor, token) = text
                        .split_once('=')
                        .filter(|(v, t)| !v.is_empty() && !t.is_empty())
                        .ok_or_else(|| "--token: expected VENDOR=TOKEN".to_string())?;
                    tokens.insert(vendor.to_string(), token.to_string());
                }
                "--hold" => hold = Some(Hold::parse(&value()?)?),
                "--script" => {
                    script = match value()?.as_str() {
                        "push-off-during-upload" => Script::PushOffDuringUpload,
                        other => {
                            return Err(format!(
                                "--script {other:?}: the only script is push-off-during-upload"
                            ))
                        }
                    }
                }
                other => return Err(format!("unknown argument {other:?}")),
            }
        }
        Ok(Options {
            store: store.ok_or("--store is required")?,
            device: device.ok_or("--device is required")?,
            seed: seed.ok_or("--seed is required")?,
            tokens,
            hold,
            script,
        })
    }
}

/// Runs the child: the engine on paused tokio time on this one thread.
pub fn run(options: Options) -> Result<(), String> {
    out::init(options.hold);
    tap::install()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_time()
        .start_paused(true)
        .build()
        .map_err(|e| format!("cannot build the tokio runtime: {e}"))?;
    runtime.block_on(play(options))
}

async fn play(options: Options) -> Result<(), String> {
    let device = setup::device(&options.device).ok_or("unknown device")?;
    let primary = setup::primary_vendor(&options.device).ok_or("unknown device")?;
    let mut rng = Rng::new(options.seed);
    let tokens = Arc::new(DeviceTokens::new(options.seed, options.tokens.clone()));
    let behaviour = match options.script {
        Script::Random => Behaviour::RANDOM,
        Script::PushOffDuringUpload => Behaviour::STEADY,
    };
    let host = Arc::new(CrashHost::new(rng.next_u64(), tokens.clone(), behaviour));
    let mut builder = pushlane::engine(setup::plugin_config()?, device)
        .store(StoreChoice::Sqlite(options.store.clone()))
        .event_capacity(1 << 16);
    let rx = builder.subscribe();
    let handle = builder
        .start(host)
        .map_err(|e| format!("the engine did not start: {e}"))?;
    out::emit(&Line::Started {
        device: options.device.clone(),
        vendor: primary.to_string(),
    });
    let watcher = tokio::spawn(session::watch(rx));
    match options.script {
        Script::Random => session::random(&handle, &tokens, &mut rng, primary).await?,
        Script::PushOffDuringUpload => {
            session::push_off_during_upload(&handle, &tokens, primary).await?
        }
    }
    handle.shutdown().await;
    drop(handle);
    let _ = watcher.await;
    out::emit(&Line::Done);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn a_full_command_line_is_read() {
        let options = Options::parse(args(
            "--store /tmp/p.db --device honor --seed 7 --token honor=abc --hold write:2",
        ))
        .unwrap();
        assert_eq!(options.store, PathBuf::from("/tmp/p.db"));
        assert_eq!(options.device, "honor");
        assert_eq!(options.seed, 7);
        assert_eq!(options.tokens["honor"], "abc");
        assert_eq!(options.hold, Some(Hold::Write(2)));
        assert_eq!(options.script, Script::Random);
    }

    #[test]
    fn bad_command_lines_say_what_is_wrong() {
        for (line, expected) in [
            ("--device honor --seed 1", "--store is required"),
            ("--store x --device nokia --seed 1", "unknown device"),
            ("--store x --device honor --seed one", "--seed \"one\""),
            (
                "--store x --device honor --seed 1 --token honor",
                "VENDOR=TOKEN",
            ),
            (
                "--store x --device honor --seed 1 --frobnicate",
                "--frobnicate",
            ),
            ("--store", "--store needs a value"),
        ] {
            let err = Options::parse(args(line)).unwrap_err();
            assert!(err.contains(expected), "{line}: {err}");
        }
    }
}
