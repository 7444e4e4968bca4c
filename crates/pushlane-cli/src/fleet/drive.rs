//! One device's day through the real engine: a [`pushlane::Machine`] over an in-memory
//! [`PersistedState`] (no SQLite, no tokio), the simulated [`Host`] answering its effects and
//! the scenario simulator's [`Agenda`] as the virtual clock. A process that dies (the OS kills
//! it, it crashes) drops its machine, its timers and its pending answers; the next start builds
//! a new machine over what the store held, as `pushlane simulate`'s `restart` does.

use super::device::{Device, Edition, Family};
use super::host::Host;
use super::mix::Mix;
use super::rng::{Rng, Stream};
use super::session::{Happening, Plan};
use super::stats::{vendor_names, Stats, VendorStats};
use crate::scenario::clock::Agenda;
use pushlane::plugin::{VendorConfig, VendorPlugin};
use pushlane::{
    AppLifecycle, DeviceInfo, ElemType, Event, Input, Machine, Message, Output, PersistedState,
    PluginConfig, UploadRecord,
};
use serde_json::{json, Map, Value};

/// Delays of a cold start after the process starts, in ms: the Chat SDK is up, the app asks
/// for the push plugin, a tapped notification's intent is read, the saved login completes, the
/// first screen is up.
const PLUGIN_INIT_MS: u64 = 20;
const CLICK_MS: u64 = 40;
const LOGIN_MS: u64 = 300;
const UI_READY_MS: u64 = 600;
/// A crashed app in the foreground is open again this long after.
const REOPEN_MS: u64 = 1_000;
/// vivo delivers one tap to its receiver and to its activity, this far apart (vendors.md §4).
const VIVO_SECOND_DELIVERY_MS: u64 = 50;
/// The conversation every message and click is about.
const EXT: &str = "{\"conversationID\":\"c2c_peer\"}";

/// What every device of a run shares: the mix, the plugins and, per edition, family and Google
/// services, the device as it reports itself, its plugin config and the vendor its first init
/// selects.
pub struct Context {
    pub mix: Mix,
    pub seed: u64,
    pub names: Vec<&'static str>,
    plugins: Vec<&'static dyn VendorPlugin>,
    kinds: Vec<Kind>,
}

/// One (edition, family, Google services) combination.
struct Kind {
    info: DeviceInfo,
    /// The config's common fields (with the edition) as JSON text, and the vendor entries this
    /// kind of device can be served by: each process reads its own [`PluginConfig`] from them
    /// (from text: cheaper than from a [`Value`], which would be cloned first).
    common: String,
    entries: Vec<String>,
    /// The vendor init selects on a device of this kind with an empty store, with its
    /// business id (`None`: `local`).
    first_vendor: Option<(String, u32)>,
}

impl Kind {
    /// A fresh plugin config for one process (a machine owns its config). Read without
    /// checks: the same JSON passed [`PluginConfig::from_value`] when the context was built.
    fn plugin_config(&self) -> Option<PluginConfig> {
        let mut config: PluginConfig = serde_json::from_str(&self.common).ok()?;
        for entry in &self.entries {
            config
                .vendors
                .push(serde_json::from_str::<Box<dyn VendorConfig>>(entry).ok()?);
        }
        Some(config)
    }
}

impl Context {
    /// Checks that a machine can be built for every kind of device the mix can draw.
    pub fn new(mix: Mix, seed: u64) -> Result<Context, String> {
        Context::build(mix, seed, true)
    }

    /// `only_serving`: each kind's config keeps only the vendors that can serve it (vendors.md
    /// §1: the one selected at init and the device family's); reading a config per process
    /// costs far less with fewer entries. A kind for which that would change the selection
    /// keeps every entry.
    fn build(mix: Mix, seed: u64, only_serving: bool) -> Result<Context, String> {
        let plugins = pushlane::linked_vendors().map_err(|e| e.to_string())?;
        let mut kinds = Vec::new();
        for edition in Edition::ALL {
            let full = mix.plugin_config(edition)?;
            let (common, entries) = split_config(&mix.config, edition);
            for family in Family::ALL {
                for gms in [false, true] {
                    let info = family.device_info(gms);
                    let selection = pushlane::select::select(&plugins, &full, &info);
                    let first_vendor = full
                        .vendor(&selection.vendor)
                        .map(|entry| (selection.vendor.clone(), entry.business_id()));
                    let serving: Vec<&str> = std::iter::once(selection.vendor.as_str())
                        .chain(selection.family.map(|plugin| plugin.name()))
                        .collect();
                    let mut kind = Kind {
                        info,
                        common: common.to_string(),
                        entries: entries
                            .iter()
                            .filter(|e| !only_serving || serving.contains(&entry_vendor(e)))
                            .map(Value::to_string)
                            .collect(),
                        first_vendor,
                    };
                    let same = kind.plugin_config().is_some_and(|config| {
                        let own = pushlane::select::select(&plugins, &config, &kind.info);
                        format!("{own:?}") == format!("{selection:?}")
                    });
                    if !same {
                        kind.entries = entries.iter().map(Value::to_string).collect();
                    }
                    let config = kind.plugin_config().ok_or_else(|| {
                        format!(
                            "cannot read the plugin config for the {} edition",
                            edition.name()
                        )
                    })?;
                    Machine::with_plugins(
                        plugins.clone(),
                        config,
                        kind.info.clone(),
                        PersistedState::default(),
                    )
                    .map_err(|e| {
                        format!(
                            "cannot build the engine for a {} phone on the {} edition: {e}",
                            family.name(),
                            edition.name()
                        )
                    })?;
                    kinds.push(kind);
                }
            }
        }
        Ok(Context {
            mix,
            seed,
            names: vendor_names(),
            plugins,
            kinds,
        })
    }

    fn kind(&self, device: &Device) -> &Kind {
        let edition = Edition::ALL.iter().position(|e| *e == device.edition);
        let family = Family::ALL.iter().position(|f| *f == device.family);
        let index = (edition.unwrap_or(0) * Family::ALL.len() + family.unwrap_or(0)) * 2
            + usize::from(device.gms);
        &self.kinds[index]
    }

    /// The stats slot of a vendor (`local` for a name not counted).
    fn slot(&self, vendor: &str) -> usize {
        self.names
            .iter()
            .position(|n| *n == vendor)
            .unwrap_or(self.names.len() - 1)
    }

    fn local(&self) -> usize {
        self.names.len() - 1
    }

    /// Empty counters for this run.
    pub fn stats(&self) -> Stats {
        Stats::new(self.names.len(), self.mix.day.length_s as usize)
    }
}

/// The mix's plugin config for `edition`: its common fields, and its vendor entries each with
/// `vendor` first (the entry's tag, read first).
fn split_config(config: &Value, edition: Edition) -> (Value, Vec<Value>) {
    let mut common = config.as_object().cloned().unwrap_or_default();
    common.insert("edition".into(), Value::from(edition.name()));
    let entries = match common.remove("vendors") {
        Some(Value::Array(entries)) => entries,
        _ => Vec::new(),
    };
    let entries = entries
        .into_iter()
        .map(|entry| {
            let mut fields = entry.as_object().cloned().unwrap_or_default();
            let mut ordered = Map::new();
            if let Some(tag) = fields.remove("vendor") {
                ordered.insert("vendor".to_string(), tag);
            }
            ordered.extend(fields);
            Value::Object(ordered)
        })
        .collect();
    (Value::Object(common), entries)
}

fn entry_vendor(entry: &Value) -> &str {
    entry.get("vendor").and_then(Value::as_str).unwrap_or("")
}

/// Buffers reused from device to device on one worker.
#[derive(Default)]
pub struct Scratch {
    plan: Plan,
    messages: Vec<u64>,
}

/// Runs device `index` of the context's seed through its day, counting into `stats`.
pub fn run_device(ctx: &Context, index: u64, scratch: &mut Scratch, stats: &mut Stats) {
    let mut rng = Rng::for_device(ctx.seed, index, Stream::Plan);
    let device = Device::draw(index, &ctx.mix, &mut rng);
    scratch.plan.draw(&ctx.mix, &mut rng, &mut scratch.messages);
    stats.count_device(device.edition, device.family);
    let host_rng = Rng::for_device(ctx.seed, index, Stream::Host);
    let host = Host::new(&ctx.mix, index, host_rng, scratch.plan.token_never);
    let user_id = format!("u{index:x}");
    let kind = ctx.kind(&device);
    let mut persisted = PersistedState::default();
    if !device.fresh_install {
        // Yesterday's process uploaded today's token for this user.
        if let Some((vendor, business_id)) = &kind.first_vendor {
            let token = host.token(vendor);
            persisted.tokens.insert(vendor.clone(), token.clone());
            persisted.upload_record = Some(UploadRecord {
                user_id: user_id.clone(),
                vendor: vendor.clone(),
                business_id: *business_id,
                token,
            });
        }
    }
    let last_vendor = kind
        .first_vendor
        .as_ref()
        .map_or(ctx.local(), |(v, _)| ctx.slot(v));
    let mut run = DeviceRun {
        ctx,
        kind,
        user_id,
        persisted,
        process: None,
        agenda: Agenda::default(),
        host,
        stats,
        last_vendor,
    };
    for (at, happening) in &scratch.plan.happenings {
        run.run_due(*at);
        run.happen(*at, *happening);
    }
    let day_ms = ctx.mix.day.length_ms();
    run.run_due(day_ms - 1);
    run.end_process();
}

struct DeviceRun<'a> {
    ctx: &'a Context,
    kind: &'a Kind,
    user_id: String,
    /// The store, as of the last process's end.
    persisted: PersistedState,
    process: Option<Process>,
    agenda: Agenda,
    host: Host,
    stats: &'a mut Stats,
    /// The vendor that served last: a notification tapped while no process runs came from it.
    last_vendor: usize,
}

/// One process of the app.
struct Process {
    machine: Machine,
    started_ms: u64,
    /// The stats slot of the vendor serving now.
    vendor: usize,
    /// Init has selected a vendor.
    selected: bool,
    foreground: bool,
    unread: u32,
    uploaded: bool,
    reached: bool,
}

impl DeviceRun<'_> {
    fn happen(&mut self, at: u64, happening: Happening) {
        let alive = self.process.is_some();
        match happening {
            Happening::Open { click } if !alive => self.cold_start(at, click),
            Happening::Open { click } => self.bring_to_foreground(at, click),
            Happening::Close => {
                if let Some(process) = self.process.as_mut() {
                    process.foreground = false;
                }
                self.feed(
                    at,
                    Input::AppState {
                        state: AppLifecycle::Paused,
                    },
                );
            }
            Happening::Kill => {
                if self.process.as_ref().is_some_and(|p| !p.foreground) {
                    self.end_process();
                }
            }
            Happening::Crash => {
                let foreground = self.process.as_ref().is_some_and(|p| p.foreground);
                self.end_process();
                if foreground {
                    self.cold_start(at + REOPEN_MS, None);
                }
            }
            Happening::Message(n) => self.message(at, n),
            Happening::TokenRefresh => {
                if let Some(input) = self.host.refresh_token() {
                    self.feed(at, input);
                }
            }
            Happening::Push(enabled) => self.feed(at, Input::PushEnabled { enabled }),
        }
    }

    /// A new process over the store: inputs of a cold start on the agenda.
    fn cold_start(&mut self, at: u64, click: Option<u32>) {
        let kind = self.kind;
        let Some(config) = kind.plugin_config() else {
            return;
        };
        let Ok(machine) = Machine::with_plugins(
            self.ctx.plugins.clone(),
            config,
            kind.info.clone(),
            self.persisted.clone(),
        ) else {
            // Checked for every kind of device when the context was built.
            return;
        };
        self.host.start_process();
        self.agenda.clear();
        self.agenda.schedule(at, Input::SdkInitialized);
        self.agenda.schedule(at + PLUGIN_INIT_MS, Input::PluginInit);
        // A notification tapped while no process runs was a vendor's (local ones die with
        // the process).
        if let Some(n) = click.filter(|_| self.last_vendor != self.ctx.local()) {
            self.tap(at + CLICK_MS, self.last_vendor, n);
        }
        self.agenda.schedule(
            at + LOGIN_MS,
            Input::Login {
                user_id: self.user_id.clone(),
            },
        );
        self.agenda.schedule(at + UI_READY_MS, Input::UiReady);
        self.process = Some(Process {
            machine,
            started_ms: at,
            vendor: self.ctx.local(),
            selected: false,
            foreground: true,
            unread: 0,
            uploaded: false,
            reached: false,
        });
    }

    /// The user opens the running app, from a notification of message `click` when set.
    fn bring_to_foreground(&mut self, at: u64, click: Option<u32>) {
        let Some(process) = self.process.as_mut() else {
            return;
        };
        process.foreground = true;
        let unread = std::mem::take(&mut process.unread);
        let vendor = process.vendor;
        if let Some(n) = click {
            self.tap(at, vendor, n);
        }
        let resumed = Input::AppState {
            state: AppLifecycle::Resumed,
        };
        self.agenda.schedule(at, resumed);
        if unread > 0 {
            self.agenda.schedule(at, Input::Unread { count: 0 });
        }
    }

    /// The user taps the notification of message `n`, shown by the vendor in `slot`.
    fn tap(&mut self, at: u64, slot: usize, n: u32) {
        self.stats.clicks.raised += 1;
        let source = self.ctx.names[slot];
        let payload = if slot == self.ctx.local() {
            json!({ "ext": EXT })
        } else {
            json!({ "ext": EXT, "msgId": format!("m{n}") })
        };
        let click = Input::NotificationClicked {
            source: source.to_string(),
            payload,
        };
        if source == "vivo" {
            self.agenda
                .schedule(at + VIVO_SECOND_DELIVERY_MS, click.clone());
        }
        self.agenda.schedule(at, click);
    }

    fn message(&mut self, at: u64, n: u32) {
        let Some(process) = self.process.as_mut() else {
            // Offline push: the vendor shows it, the engine sees nothing.
            return;
        };
        let unread = (!process.foreground).then(|| {
            process.unread += 1;
            process.unread
        });
        let message = Message {
            msg_id: format!("m{n}"),
            sender: "peer".to_string(),
            nick_name: None,
            group_id: None,
            elem_type: ElemType::Text,
            text: Some("hello".to_string()),
            is_self: false,
            offline_push_info: None,
        };
        self.feed(at, Input::MessageReceived { message });
        if let Some(count) = unread {
            self.feed(at, Input::Unread { count });
        }
    }

    /// Feeds what is due on the agenda up to `limit_ms`, in order.
    fn run_due(&mut self, limit_ms: u64) {
        while let Some((at, input)) = self.agenda.pop_due(limit_ms) {
            self.feed(at, input);
        }
    }

    /// One input to the running process; its effects go to the host, its events to the stats.
    fn feed(&mut self, at: u64, input: Input) {
        let Some(process) = self.process.as_mut() else {
            return;
        };
        process.machine.handle_input(at, input);
        while let Some(output) = process.machine.poll_output() {
            match output {
                Output::Persist(_) => {}
                Output::Effect(effect) => {
                    let vendor = &mut self.stats.vendors[process.vendor];
                    match &effect {
                        pushlane::Effect::UploadToken { .. } => {
                            vendor.upload_attempts += 1;
                            self.stats.uploads.record(at);
                        }
                        pushlane::Effect::ClearToken { .. } => {
                            vendor.clear_attempts += 1;
                            self.stats.clears.record(at);
                        }
                        pushlane::Effect::DeliverClick { .. } => self.stats.clicks.delivered += 1,
                        _ => {}
                    }
                    self.host.react(at, &effect, &mut self.agenda);
                }
                Output::Event(event) => tally(self.ctx, self.stats, process, at, &event),
            }
        }
    }

    /// The process dies: the store keeps what it wrote, timers and pending answers are gone.
    fn end_process(&mut self) {
        let Some(process) = self.process.take() else {
            return;
        };
        self.persisted = process.machine.persisted().clone();
        if process.selected {
            self.last_vendor = process.vendor;
            if !process.reached && self.persisted.push_enabled {
                self.stats.vendors[process.vendor].unreached += 1;
            }
        }
        self.agenda.clear();
    }
}

/// Counts one event of a process at `at`.
fn tally(ctx: &Context, stats: &mut Stats, process: &mut Process, at: u64, event: &Event) {
    let since_start = at - process.started_ms;
    let reach = |vendor: &mut VendorStats, process: &mut Process| {
        if !std::mem::replace(&mut process.reached, true) {
            vendor.time_to_reachable.record(since_start);
        }
    };
    match event {
        Event::VendorSelected { vendor, .. } => {
            process.vendor = ctx.slot(vendor);
            if !std::mem::replace(&mut process.selected, true) {
                stats.vendors[process.vendor].processes += 1;
            }
        }
        Event::TokenUploaded { vendor, .. } => {
            let vendor = &mut stats.vendors[ctx.slot(vendor)];
            vendor.uploads += 1;
            if !std::mem::replace(&mut process.uploaded, true) {
                vendor.time_to_upload.record(since_start);
            }
            reach(vendor, process);
        }
        Event::UploadSkipped { .. } => {
            let vendor = &mut stats.vendors[process.vendor];
            vendor.skipped += 1;
            reach(vendor, process);
        }
        Event::UploadFailed { retry_in_ms, .. } => {
            let vendor = &mut stats.vendors[process.vendor];
            vendor.upload_failures += 1;
            vendor.retries += u64::from(retry_in_ms.is_some());
        }
        Event::TokenCleared { vendor, .. } => stats.vendors[ctx.slot(vendor)].clears += 1,
        Event::ClearFailed { .. } => stats.vendors[process.vendor].clear_failures += 1,
        Event::VendorFailed { .. } => stats.vendors[process.vendor].vendor_errors += 1,
        Event::Warning { code, .. } => stats.vendors[process.vendor].warning(*code),
        Event::ClickDeferred => stats.clicks.deferred += 1,
        Event::ClickSuperseded => stats.clicks.superseded += 1,
        Event::ClickIgnored { reason } => match reason.as_str() {
            "duplicate" => stats.clicks.duplicate += 1,
            "already_open" => stats.clicks.already_open += 1,
            "other_user" => stats.clicks.other_user += 1,
            _ => {}
        },
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(mix: Mix, devices: u64) -> Stats {
        run_in(&Context::new(mix, 7).unwrap(), devices)
    }

    fn run_in(ctx: &Context, devices: u64) -> Stats {
        let mut stats = ctx.stats();
        let mut scratch = Scratch::default();
        for index in 0..devices {
            run_device(ctx, index, &mut scratch, &mut stats);
        }
        stats
    }

    #[test]
    fn a_default_day_uploads_and_reaches_devices() {
        let stats = run(Mix::default(), 300);
        assert_eq!(stats.devices, 300);
        assert!(stats.processes() >= 300, "{}", stats.processes());
        let uploads: u64 = stats.vendors.iter().map(|v| v.uploads).sum();
        let skipped: u64 = stats.vendors.iter().map(|v| v.skipped).sum();
        assert!(uploads > 0 && skipped > uploads, "{uploads} {skipped}");
        let reach = stats.all_vendors(|v| &v.time_to_reachable);
        assert!(reach.count() > 0);
        assert_eq!(
            stats.uploads.total(),
            stats.vendors.iter().map(|v| v.upload_attempts).sum::<u64>()
        );
    }

    #[test]
    fn fresh_installs_upload_after_the_upload_delay() {
        let mut mix = Mix::default();
        mix.population.fresh_install = 1.0;
        mix.faults = super::super::mix::Faults {
            upload_failure: 0.0,
            clear_failure: 0.0,
            vendor_error: 0.0,
            token_late: 0.0,
            token_late_s: 0.0,
            token_never: 0.0,
            token_refresh: 0.0,
            crashes_per_day: 0.0,
        };
        let stats = run(mix, 100);
        let upload = stats.all_vendors(|v| &v.time_to_upload);
        // init 20 ms after the start, upload_delay_ms 5000, then the Chat SDK's 150 ms.
        assert!(upload.count() > 0);
        assert!(
            (5000..=5300).contains(&upload.quantile(0.5)),
            "{}",
            upload.quantile(0.5)
        );
    }

    #[test]
    fn configs_cut_to_the_serving_vendors_change_nothing() {
        let mut mix = Mix::default();
        mix.devices.china = [1.0; 9];
        mix.devices.international = [1.0; 9];
        mix.population.fresh_install = 0.5;
        mix.population.gms = 0.5;
        mix.faults.vendor_error = 0.3;
        mix.faults.token_refresh = 0.5;
        let result = |only_serving| {
            let ctx = Context::build(mix.clone(), 11, only_serving).unwrap();
            run_in(&ctx, 400).to_json(&ctx.names)
        };
        assert_eq!(result(true), result(false));
    }
}
