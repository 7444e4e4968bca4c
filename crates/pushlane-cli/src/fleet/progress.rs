//! The progress bar of a fleet run: on standard error, and only when that is a terminal (never
//! in a pipe, a log file or a batch job's output).

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::io::IsTerminal;

/// Devices done so far.
pub struct Progress(ProgressBar);

impl Progress {
    /// A bar for `devices` devices, hidden unless standard error is a terminal.
    pub fn new(devices: u64) -> Progress {
        if !std::io::stderr().is_terminal() {
            return Progress::hidden();
        }
        let bar = ProgressBar::with_draw_target(Some(devices), ProgressDrawTarget::stderr());
        let style = ProgressStyle::with_template(
            "{bar:40} {human_pos}/{human_len} devices  {percent} %  elapsed {elapsed}  eta {eta}",
        );
        if let Ok(style) = style {
            bar.set_style(style);
        }
        Progress(bar)
    }

    pub fn hidden() -> Progress {
        Progress(ProgressBar::hidden())
    }

    pub fn advance(&self, devices: u64) {
        self.0.inc(devices);
    }

    /// Removes the bar, leaving standard error as it was.
    pub fn finish(&self) {
        self.0.finish_and_clear();
    }
}
