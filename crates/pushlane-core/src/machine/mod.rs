//! The lifecycle machine: `(now_ms, input)` in, store writes, effects and events out.
//!
//! One module per region of lifecycle.md: [`init`] (§4), [`session`] (§5), [`token`] (§6),
//! [`visibility`] (§7), [`click`] (§8) and [`local`] (§9). The machine never reads a clock,
//! never sleeps and draws no randomness: timers are effects and come back as inputs.

mod click;
mod init;
mod local;
mod recent;
mod session;
mod status;
mod token;
mod visibility;
mod wanted;

pub use status::{HeldClickStatus, Status, UploadState};

use crate::effect::Effect;
use crate::error::CoreError;
use crate::event::{Event, WarningCode};
use crate::input::{Input, TimerName};
use crate::output::Output;
use crate::persist::{PersistedState, StoreWrite};
use crate::secrets::Secrets;
use crate::select::family_of;
use crate::statechart::Region;
use pushlane_plugin::{registry, DeviceInfo, PluginConfig, VendorPlugin};
use std::collections::{BTreeMap, VecDeque};

/// Upload, clear and vendor-retry backoff: 1 s doubling to a 60 s cap (lifecycle.md §6).
pub const BACKOFF_BASE_MS: u64 = 1_000;
/// The backoff cap.
pub const BACKOFF_CAP_MS: u64 = 60_000;
/// Token polling interval and limit (lifecycle.md §4).
pub const TOKEN_FETCH_INTERVAL_MS: u64 = 2_000;
pub const TOKEN_FETCH_LIMIT: u32 = 10;
/// Window in which a click without `msg_id` and the same `ext` is a duplicate (inclusive).
pub const CLICK_DUPLICATE_WINDOW_MS: u64 = 2_000;
/// How many clicked `msg_id`s the duplicate rule remembers (lifecycle.md §8; docs/lifecycle.md,
/// "Decision: how long duplicates are remembered").
pub const CLICK_IDS_REMEMBERED: usize = 1_024;
/// How many clicks of the last [`CLICK_DUPLICATE_WINDOW_MS`] the `ext` rule compares with.
pub const CLICK_EXTS_REMEMBERED: usize = 64;
/// How many notified `msg_id`s local notifications remember against duplicates (§9).
pub const NOTIFIED_IDS_REMEMBERED: usize = 4_096;

/// Output slots an idle machine keeps (what most inputs need; an output is ~100 bytes).
const IDLE_OUTPUT_SLOTS: usize = 4;

/// The backoff before retry number `attempt` (1-based): 1 s, 2 s, 4 s … capped at 60 s.
pub fn backoff_ms(attempt: u32) -> u64 {
    let exp = attempt.saturating_sub(1).min(16);
    (BACKOFF_BASE_MS << exp).min(BACKOFF_CAP_MS)
}

/// The deterministic lifecycle state machine (quinn-proto style: feed inputs with
/// [`Machine::handle_input`], drain outputs with [`Machine::poll_output`]).
pub struct Machine {
    plugins: Vec<&'static dyn VendorPlugin>,
    config: PluginConfig,
    device: DeviceInfo,
    family: Option<&'static dyn VendorPlugin>,
    /// Mirror of the persisted state, updated by the writes the machine emits.
    store: PersistedState,
    now: u64,
    out: VecDeque<Output>,
    timers: BTreeMap<TimerName, u64>,
    next_effect_id: u64,
    init: init::InitRegion,
    session: session::SessionRegion,
    token: token::TokenRegion,
    visibility: visibility::VisibilityRegion,
    click: click::ClickRegion,
    notified: recent::RecentIds,
    /// Each region's state after the last input, to tell which changed (`state_changed`).
    regions: [&'static str; 5],
    /// Tokens and config secrets seen so far: events show them as fingerprints.
    secrets: Secrets,
}

impl Machine {
    /// Builds a machine over the plugins registered in this binary (inventory).
    pub fn new(
        config: PluginConfig,
        device: DeviceInfo,
        persisted: PersistedState,
    ) -> Result<Machine, CoreError> {
        Machine::with_plugins(registry::registered(), config, device, persisted)
    }

    /// Builds a machine over an explicit set of plugins. Fails when the config names a vendor
    /// that is not among them.
    pub fn with_plugins(
        mut plugins: Vec<&'static dyn VendorPlugin>,
        config: PluginConfig,
        device: DeviceInfo,
        persisted: PersistedState,
    ) -> Result<Machine, CoreError> {
        registry::sort_plugins(&mut plugins);
        if device.manufacturer.trim().is_empty() {
            return Err(CoreError::Device {
                field: "manufacturer",
                problem: "is empty; expected Build.MANUFACTURER as the phone reports it, e.g. \"Xiaomi\" (\"Apple\" on iOS)".to_string(),
            });
        }
        for name in config.vendor_names() {
            if !plugins.iter().any(|p| p.name() == name) {
                return Err(CoreError::VendorNotLinked {
                    vendor: name.to_string(),
                    linked: plugins.iter().map(|p| p.name().to_string()).collect(),
                });
            }
        }
        let family = family_of(&plugins, &device).map(|(p, _)| p);
        let mut secrets = Secrets::from_config(&config);
        secrets.learn_state(&persisted);
        let mut machine = Machine {
            plugins,
            config,
            device,
            family,
            store: persisted,
            now: 0,
            out: VecDeque::new(),
            timers: BTreeMap::new(),
            next_effect_id: 1,
            init: init::InitRegion::default(),
            session: session::SessionRegion::default(),
            token: token::TokenRegion::default(),
            visibility: visibility::VisibilityRegion::default(),
            click: click::ClickRegion::default(),
            notified: recent::RecentIds::new(NOTIFIED_IDS_REMEMBERED),
            regions: [""; 5],
            secrets,
        };
        machine.regions = machine.region_states();
        Ok(machine)
    }

    /// Feeds one input at `now_ms` (a monotonic clock; an earlier time than the last input's is
    /// taken as the last input's).
    pub fn handle_input(&mut self, now_ms: u64, input: Input) {
        self.now = self.now.max(now_ms);
        if let Input::VendorToken { token, .. } = &input {
            self.secrets.learn_token(token);
        }
        match input {
            Input::SdkInitialized => self.on_sdk_initialized(),
            Input::PluginInit => self.on_plugin_init(),
            // Names the spec gives no meaning to (reading an input refuses them already).
            Input::Login { user_id } if user_id.is_empty() => {
                self.ignored("login", "empty_user_id")
            }
            Input::VendorToken {
                vendor: Some(vendor),
                ..
            } if vendor.is_empty() => self.ignored("vendor_token", "empty_vendor"),
            Input::Login { user_id } => self.on_login(user_id),
            Input::Logout | Input::KickedOffline | Input::UserSigExpired => {
                self.on_session_end(input.kind())
            }
            Input::AppState { state } => self.on_app_state(state),
            Input::Unread { count } => self.on_unread(count),
            Input::VendorToken { token, vendor } => self.on_vendor_token(token, vendor),
            Input::VendorError { reason } => self.on_vendor_error(reason),
            Input::Permission { granted } => self.on_permission(granted),
            Input::PushEnabled { enabled } => self.on_push_enabled(enabled),
            Input::EffectDone {
                effect_id,
                ok,
                error,
            } => self.on_effect_done(effect_id, ok, error),
            Input::Timer { timer } => self.on_timer(timer),
            Input::NotificationClicked { source, payload } => self.on_click(&source, &payload),
            Input::UiReady => self.on_ui_ready(),
            Input::ConversationShown { conversation_id } => {
                self.on_conversation_shown(conversation_id)
            }
            Input::MessageReceived { message } => self.on_message(message),
        }
        self.emit_state_changes();
    }

    /// The next output, in the order the machine produced them.
    pub fn poll_output(&mut self) -> Option<Output> {
        let output = self.out.pop_front();
        if output.is_none() {
            // Drained: an input that produced many outputs (init, a login) leaves no large
            // buffer behind in an idle machine.
            self.out.shrink_to(IDLE_OUTPUT_SLOTS);
        }
        output
    }

    /// Feeds one input and drains everything it produced.
    pub fn step(&mut self, now_ms: u64, input: Input) -> Vec<Output> {
        self.handle_input(now_ms, input);
        // The queue's buffer becomes the result (no element is moved when nothing was polled).
        std::mem::take(&mut self.out).into()
    }

    /// Emits a warning that comes from outside the machine (the runtime's `store_reset`).
    pub fn warn(&mut self, now_ms: u64, code: WarningCode, detail: impl Into<String>) {
        self.now = self.now.max(now_ms);
        self.emit(Event::warning(code, detail));
    }

    /// The timers armed now, with their deadlines.
    pub fn armed_timers(&self) -> &BTreeMap<TimerName, u64> {
        &self.timers
    }

    /// The secrets this machine knows (the config's, stored and reported tokens): its events
    /// show them as fingerprints, and logs and traces scrub their text with them.
    pub fn secrets(&self) -> &Secrets {
        &self.secrets
    }

    /// The persisted state as the machine sees it (after the writes it emitted).
    pub fn persisted(&self) -> &PersistedState {
        &self.store
    }

    pub fn config(&self) -> &PluginConfig {
        &self.config
    }

    pub fn device(&self) -> &DeviceInfo {
        &self.device
    }

    /// The plugins this machine uses, in their fixed order.
    pub fn plugins(&self) -> &[&'static dyn VendorPlugin] {
        &self.plugins
    }

    // ---- output helpers -------------------------------------------------------------------

    fn effect(&mut self, effect: Effect) {
        self.out.push_back(Output::Effect(effect));
    }

    /// Every event goes out with the known secrets in its free text as fingerprints.
    fn emit(&mut self, mut event: Event) {
        self.secrets.scrub_event_in_place(&mut event);
        self.out.push_back(Output::Event(event));
    }

    fn warning(&mut self, code: WarningCode, detail: impl Into<String>) {
        self.emit(Event::warning(code, detail));
    }

    fn ignored(&mut self, input: &str, reason: &str) {
        self.emit(Event::Ignored {
            input: input.to_string(),
            reason: reason.to_string(),
        });
    }

    fn persist(&mut self, write: StoreWrite) {
        self.store.apply(&write);
        self.out.push_back(Output::Persist(write));
    }

    fn next_effect_id(&mut self) -> u64 {
        let id = self.next_effect_id;
        self.next_effect_id += 1;
        id
    }

    /// Arms a timer (re-arming replaces it); nothing if it is already armed for that deadline.
    fn arm(&mut self, timer: TimerName, deadline_ms: u64) {
        if self.timers.get(&timer) == Some(&deadline_ms) {
            return;
        }
        self.timers.insert(timer, deadline_ms);
        self.effect(Effect::ArmTimer { timer, deadline_ms });
    }

    /// Cancels a timer if it is armed.
    fn cancel(&mut self, timer: TimerName) {
        if self.disarm(timer) {
            self.effect(Effect::CancelTimer { timer });
        }
    }

    /// Forgets a timer; whether it was armed. An idle machine holds no timer storage.
    fn disarm(&mut self, timer: TimerName) -> bool {
        let armed = self.timers.remove(&timer).is_some();
        if armed && self.timers.is_empty() {
            self.timers = BTreeMap::new();
        }
        armed
    }

    fn is_armed(&self, timer: TimerName) -> bool {
        self.timers.contains_key(&timer)
    }

    fn on_timer(&mut self, timer: TimerName) {
        if !self.disarm(timer) {
            self.ignored("timer", "not_armed");
            return;
        }
        match timer {
            TimerName::TokenUpload | TimerName::UploadRetry | TimerName::ClearRetry => {
                self.reconcile()
            }
            TimerName::TokenFetch => self.on_token_fetch_timer(),
            TimerName::VendorRetry => self.on_vendor_retry_timer(),
        }
    }

    fn plugin(&self, name: &str) -> Option<&'static dyn VendorPlugin> {
        self.plugins.iter().copied().find(|p| p.name() == name)
    }

    /// The selected vendor (after init), `local` included.
    fn selected(&self) -> Option<&str> {
        self.init.selected.as_ref().map(|s| s.name.as_str())
    }

    fn selected_is_local(&self) -> bool {
        self.init.selected.as_ref().is_some_and(|s| s.is_local)
    }

    // ---- regions ----------------------------------------------------------------------------

    /// Each region's state, in the order of [`Region::ALL`].
    fn region_states(&self) -> [&'static str; 5] {
        [
            self.init_state(),
            self.session_state(),
            self.token_state(),
            self.visibility_state(),
            self.click_state(),
        ]
    }

    /// `state_changed` for every region whose state differs from before the input.
    fn emit_state_changes(&mut self) {
        let now = self.region_states();
        let before = std::mem::replace(&mut self.regions, now);
        for (i, region) in Region::ALL.into_iter().enumerate() {
            let (from, to) = (before[i], now[i]);
            // The same name is the same constant: the pointer check spares comparing the text.
            if !std::ptr::eq(from, to) && from != to {
                self.emit(Event::StateChanged {
                    region: region.name().to_string(),
                    from: from.to_string(),
                    to: to.to_string(),
                });
            }
        }
    }
}
