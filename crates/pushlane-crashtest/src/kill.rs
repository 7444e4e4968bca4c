//! One child process: started over a store, its report read line by line as it comes, and
//! killed with `SIGKILL` when the chosen point comes (or left to finish).

use crate::protocol::{HostCall, Line};
use std::collections::BTreeMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// Where a child is killed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kill {
    /// After this long.
    After(Duration),
    /// When it prints its n-th line (any kind), `extra_us` later.
    AtLine { n: u64, extra_us: u64 },
    /// When it prints its n-th `W` line, `extra_us` later: inside or right after that write.
    AtWrite { n: u64, extra_us: u64 },
    /// When it prints its n-th line, which it holds still after (`--hold line:n`).
    HeldLine(u64),
    /// When it prints its n-th `W` line, which it holds still after: before that write.
    HeldWrite(u64),
    /// When it prints its n-th accepted upload, held still: before the engine hears of it.
    HeldUploadOk(u64),
}

impl Kill {
    fn hold_arg(self) -> Option<String> {
        match self {
            Kill::HeldLine(n) => Some(format!("line:{n}")),
            Kill::HeldWrite(n) => Some(format!("write:{n}")),
            Kill::HeldUploadOk(n) => Some(format!("upload-ok:{n}")),
            _ => None,
        }
    }

    /// Whether this line (the `line`-th, the `write`-th `W`, the `upload_ok`-th accepted upload)
    /// is the one to kill on, and how long after it.
    fn on_line(self, line: &Line, counts: &Counts) -> Option<u64> {
        let is_write = matches!(line, Line::Write(_));
        let is_upload_ok = matches!(line, Line::Host(HostCall::Upload { ok: true, .. }));
        match self {
            Kill::AtLine { n, extra_us } if counts.lines == n => Some(extra_us),
            Kill::AtWrite { n, extra_us } if is_write && counts.writes == n => Some(extra_us),
            Kill::HeldLine(n) if counts.lines == n => Some(0),
            Kill::HeldWrite(n) if is_write && counts.writes == n => Some(0),
            Kill::HeldUploadOk(n) if is_upload_ok && counts.uploads_ok == n => Some(0),
            _ => None,
        }
    }
}

#[derive(Default)]
struct Counts {
    lines: u64,
    writes: u64,
    uploads_ok: u64,
}

/// What one child did before it ended.
#[derive(Debug, Clone)]
pub struct ChildRun {
    pub lines: Vec<Line>,
    pub killed: bool,
    pub failures: Vec<String>,
    pub elapsed: Duration,
}

/// How long a child may take before it counts as hung.
const HANG_LIMIT: Duration = Duration::from_secs(60);

/// Runs one child over `store` and kills it as `kill` says.
pub fn run_child(
    exe: &Path,
    store: &Path,
    device: &str,
    seed: u64,
    tokens: &BTreeMap<String, String>,
    extra_args: &[&str],
    kill: Option<Kill>,
) -> ChildRun {
    let mut command = Command::new(exe);
    command
        .arg("--store")
        .arg(store)
        .args(["--device", device, "--seed", &seed.to_string()]);
    for (vendor, token) in tokens {
        command.arg("--token").arg(format!("{vendor}={token}"));
    }
    if let Some(hold) = kill.and_then(Kill::hold_arg) {
        command.args(["--hold", &hold]);
    }
    command.args(extra_args);
    let stderr_path = with_suffix(store, ".child-stderr");
    let stderr = std::fs::File::create(&stderr_path).map(Stdio::from);
    command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(stderr.unwrap_or_else(|_| Stdio::null()));
    let start = Instant::now();
    let mut child = match command.spawn() {
        Ok(child) => child,
        Err(e) => {
            return ChildRun {
                lines: Vec::new(),
                killed: false,
                failures: vec![format!("cannot start {}: {e}", exe.display())],
                elapsed: Duration::ZERO,
            }
        }
    };
    let (tx, rx) = mpsc::channel();
    if let Some(stdout) = child.stdout.take() {
        std::thread::spawn(move || {
            for line in std::io::BufReader::new(stdout).lines() {
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
    }
    let mut run = ChildRun {
        lines: Vec::new(),
        killed: false,
        failures: Vec::new(),
        elapsed: Duration::ZERO,
    };
    let mut counts = Counts::default();
    let deadline = match kill {
        Some(Kill::After(delay)) => start + delay,
        _ => start + HANG_LIMIT,
    };
    loop {
        let wait = if run.killed {
            HANG_LIMIT
        } else {
            deadline.saturating_duration_since(Instant::now())
        };
        match rx.recv_timeout(wait) {
            Ok(Ok(text)) => match Line::parse(&text) {
                Ok(line) => {
                    counts.lines += 1;
                    counts.writes += u64::from(matches!(line, Line::Write(_)));
                    counts.uploads_ok += u64::from(matches!(
                        line,
                        Line::Host(HostCall::Upload { ok: true, .. })
                    ));
                    if !run.killed {
                        if let Some(extra_us) = kill.and_then(|k| k.on_line(&line, &counts)) {
                            spin(Duration::from_micros(extra_us));
                            run.killed = kill_child(&mut child);
                        }
                    }
                    run.lines.push(line);
                }
                Err(bad) => run.failures.push(bad.to_string()),
            },
            Ok(Err(e)) => {
                run.failures
                    .push(format!("reading the child's report: {e}"));
                break;
            }
            Err(mpsc::RecvTimeoutError::Timeout) if !run.killed => {
                let hung = !matches!(kill, Some(Kill::After(_)));
                run.killed = kill_child(&mut child);
                if hung {
                    run.failures
                        .push(format!("the child hung (no end after {HANG_LIMIT:?})"));
                }
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {
                run.failures
                    .push("the killed child's report never ended".to_string());
                break;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => break,
        }
    }
    run.elapsed = start.elapsed();
    match child.wait() {
        Ok(status) if run.killed || status.success() => {}
        Ok(status) => {
            let stderr = std::fs::read_to_string(&stderr_path).unwrap_or_default();
            run.failures
                .push(format!("the child exited with {status}: {}", stderr.trim()));
        }
        Err(e) => run.failures.push(format!("waiting for the child: {e}")),
    }
    run
}

/// SIGKILL; `false` when the child had already exited (it finished before the kill).
fn kill_child(child: &mut Child) -> bool {
    match child.try_wait() {
        Ok(Some(_)) => false,
        _ => child.kill().is_ok(),
    }
}

fn spin(duration: Duration) {
    let until = Instant::now() + duration;
    while Instant::now() < until {
        std::hint::spin_loop();
    }
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    name.into()
}
