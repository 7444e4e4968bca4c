//! Region `init` (lifecycle.md §4): startup, deferred init, vendor selection and fallback,
//! token polling.

use super::{backoff_ms, Machine, TOKEN_FETCH_INTERVAL_MS, TOKEN_FETCH_LIMIT};
use crate::effect::Effect;
use crate::event::{Event, WarningCode};
use crate::input::TimerName;
use crate::persist::StoreWrite;
use crate::select::{select, LOCAL};
use crate::statechart::init;
use pushlane_plugin::{LocalNotifications, OnVendorError, PluginConfig};

#[derive(Debug, Default)]
pub(super) struct InitRegion {
    pub sdk_ready: bool,
    /// `plugin_init` arrived before `sdk_initialized`.
    pub deferred: bool,
    /// When init ran (the upload delay counts from here, across vendor switches).
    pub init_at: Option<u64>,
    pub selected: Option<Selected>,
    pub reason: Option<String>,
    /// A vendor that failed and is retried while `local` serves.
    pub failed_vendor: Option<String>,
    pub vendor_retry_attempt: u32,
    /// `fetch_token` effects sent for the selected vendor.
    pub fetches: u32,
    /// The channels created so far (a handful at most).
    pub channels_created: Vec<String>,
    /// A `vendor_token` without `vendor` that arrived before init: taken at init as the
    /// selected vendor's token (lifecycle.md §4). The newest one is kept.
    pub early_token: Option<String>,
}

/// The selected vendor, with what every input asks of it, looked up once when it is selected.
#[derive(Debug)]
pub(super) struct Selected {
    pub name: String,
    pub is_local: bool,
    /// Its config entry's business id (`None` for `local`).
    pub business_id: Option<u32>,
}

impl Selected {
    fn new(name: String, config: &PluginConfig) -> Selected {
        Selected {
            is_local: name == LOCAL,
            business_id: config.vendor(&name).map(|c| c.business_id()),
            name,
        }
    }
}

impl Machine {
    pub(super) fn init_state(&self) -> &'static str {
        if self.init.init_at.is_some() {
            init::READY
        } else if self.init.sdk_ready {
            init::SDK_READY
        } else {
            init::NEW
        }
    }

    pub(super) fn init_done(&self) -> bool {
        self.init.init_at.is_some()
    }

    pub(super) fn on_sdk_initialized(&mut self) {
        if self.init.sdk_ready {
            self.ignored("sdk_initialized", "already_initialized");
            return;
        }
        self.init.sdk_ready = true;
        if self.init.deferred {
            self.init.deferred = false;
            self.run_init();
        }
    }

    pub(super) fn on_plugin_init(&mut self) {
        if self.init_done() || self.init.deferred {
            self.ignored("plugin_init", "already_initialized");
            return;
        }
        if !self.init.sdk_ready {
            self.init.deferred = true;
            self.warning(
                WarningCode::PluginInitBeforeSdk,
                "plugin_init arrived before sdk_initialized; init runs when the Chat SDK is ready",
            );
            return;
        }
        self.run_init();
    }

    fn run_init(&mut self) {
        self.init.init_at = Some(self.now);
        let selection = select(&self.plugins, &self.config, &self.device);
        for (code, detail) in selection.warnings {
            self.warning(code, detail);
        }
        self.switch_vendor(selection.vendor, selection.reason);
        if self.device.is_ios() && self.config.app_manages_badge {
            self.effect(Effect::DisableSdkBadge);
        }
        self.maybe_request_permission();
        self.reconcile();
    }

    /// Selects `vendor` and runs its init steps: `vendor_selected`, `register_vendor`, token
    /// polling, channels.
    fn switch_vendor(&mut self, vendor: String, reason: String) {
        self.select_vendor(vendor.clone(), reason);
        self.init.fetches = 0;
        self.cancel(TimerName::TokenFetch);
        if let Some(token) = self.init.early_token.take() {
            self.adopt_early_token(&vendor, token);
        }
        let plugin = self.plugin(&vendor);
        if let Some(plugin) = plugin {
            self.effect(Effect::RegisterVendor {
                vendor: vendor.clone(),
            });
            if plugin.capabilities().polls_token && self.current_token().is_none() {
                self.arm(
                    TimerName::TokenFetch,
                    self.now.saturating_add(TOKEN_FETCH_INTERVAL_MS),
                );
            }
        }
        if self.device.android_api_at_least(26) {
            let vendor_channel = self.config.vendor(&vendor).and_then(|c| c.channel());
            match vendor_channel {
                Some(channel) => self.create_channel(channel),
                None if plugin.is_some_and(|p| p.capabilities().needs_channel) => {
                    let code = WarningCode::from_name(&format!("{vendor}_channel_missing"))
                        .unwrap_or(WarningCode::OppoChannelMissing);
                    self.warning(
                        code,
                        format!("{vendor} has no channel_id: its notifications are not shown on Android 8+"),
                    );
                }
                None => {}
            }
            if vendor == LOCAL || self.config.local_notifications == LocalNotifications::Always {
                let channel = self.config.local_channel.spec();
                self.create_channel(channel);
            }
        }
    }

    /// `vendor_selected`, and the vendor serves from now on.
    fn select_vendor(&mut self, vendor: String, reason: String) {
        self.emit(Event::VendorSelected {
            vendor: vendor.clone(),
            reason: reason.clone(),
        });
        self.init.selected = Some(Selected::new(vendor, &self.config));
        self.init.reason = Some(reason);
    }

    fn create_channel(&mut self, channel: pushlane_plugin::ChannelSpec) {
        if self.init.channels_created.contains(&channel.channel_id) {
            return;
        }
        self.init.channels_created.push(channel.channel_id.clone());
        self.effect(Effect::CreateChannel {
            channel_id: channel.channel_id,
            name: channel.name,
            description: channel.description,
        });
    }

    /// The token known for the selected vendor (stored or reported), if non-empty.
    pub(super) fn current_token(&self) -> Option<&str> {
        let vendor = self.selected()?;
        self.store
            .tokens
            .get(vendor)
            .map(|t| t.as_str())
            .filter(|t| !t.is_empty())
    }

    /// At init, a token reported before init without `vendor` becomes the selected vendor's,
    /// ahead of one stored by an earlier run; `local` has no token, so it is dropped then.
    fn adopt_early_token(&mut self, vendor: &str, token: String) {
        if vendor == LOCAL {
            self.ignored("vendor_token", "local_has_no_token");
            return;
        }
        if self.store.tokens.get(vendor) != Some(&token) {
            self.persist(StoreWrite::Token {
                vendor: vendor.to_string(),
                token,
            });
        }
    }

    pub(super) fn on_vendor_token(&mut self, token: String, vendor: Option<String>) {
        let vendor = match vendor.or_else(|| self.selected().map(str::to_string)) {
            Some(v) => v,
            // Before init and naming no vendor: kept until init says whose it is. FCM's
            // auto-init and HMS hand over a token before the app's code runs, and may never
            // hand it out again (lifecycle.md §4).
            None if token.is_empty() => {
                self.ignored("vendor_token", "token_not_available_yet");
                return;
            }
            None => {
                self.init.early_token = Some(token);
                return;
            }
        };
        if vendor == LOCAL {
            self.ignored("vendor_token", "local_has_no_token");
            return;
        }
        if token.is_empty() {
            self.ignored("vendor_token", "token_not_available_yet");
            return;
        }
        if self.store.tokens.get(&vendor) != Some(&token) {
            self.persist(StoreWrite::Token {
                vendor: vendor.clone(),
                token,
            });
        }
        if self.init.failed_vendor.as_deref() == Some(vendor.as_str()) {
            self.init.failed_vendor = None;
            self.init.vendor_retry_attempt = 0;
            self.cancel(TimerName::VendorRetry);
            self.select_vendor(vendor.clone(), "recovered".to_string());
            // A switch of vendor re-runs the permission rule for the new one (lifecycle.md §4).
            self.maybe_request_permission();
        }
        if self.selected() == Some(vendor.as_str()) {
            self.cancel(TimerName::TokenFetch);
            self.reconcile();
        }
    }

    pub(super) fn on_token_fetch_timer(&mut self) {
        let Some(vendor) = self.selected().map(str::to_string) else {
            return;
        };
        if self.current_token().is_some() || vendor == LOCAL {
            return;
        }
        if self.init.fetches < TOKEN_FETCH_LIMIT {
            self.init.fetches += 1;
            self.effect(Effect::FetchToken { vendor });
            self.arm(
                TimerName::TokenFetch,
                self.now.saturating_add(TOKEN_FETCH_INTERVAL_MS),
            );
        } else {
            self.warning(
                WarningCode::TokenUnavailable,
                format!(
                    "{vendor} gave no token after {TOKEN_FETCH_LIMIT} fetches; polling stops (a later vendor_token still works)"
                ),
            );
        }
    }

    pub(super) fn on_vendor_error(&mut self, reason: String) {
        if !self.init_done() {
            self.ignored("vendor_error", "before_init");
            return;
        }
        let failed = match self
            .init
            .failed_vendor
            .clone()
            .or_else(|| self.selected().filter(|v| *v != LOCAL).map(str::to_string))
        {
            Some(v) => v,
            None => {
                self.ignored("vendor_error", "no_vendor_registered");
                return;
            }
        };
        self.emit(Event::VendorFailed {
            vendor: failed.clone(),
            reason: reason.clone(),
        });
        let policy = self
            .plugin(&failed)
            .map(|p| p.capabilities().on_error)
            .unwrap_or(OnVendorError::RetryWithLocal);
        match policy {
            OnVendorError::UseFamily { warning } => {
                let code =
                    WarningCode::from_name(warning).unwrap_or(WarningCode::VendorUnavailable);
                self.warning(
                    code,
                    format!("{failed} failed ({reason}); using the device family's vendor"),
                );
                let family = self.family.map(|p| p.name()).filter(|f| *f != failed);
                let vendor = match family {
                    Some(f) if self.config.vendor(f).is_some() => f.to_string(),
                    Some(f) => {
                        self.warning(
                            WarningCode::VendorNotConfigured,
                            format!("the device family's vendor {f} is not configured; local notifications only"),
                        );
                        LOCAL.to_string()
                    }
                    None => LOCAL.to_string(),
                };
                self.switch_vendor(vendor, "fallback".to_string());
                self.maybe_request_permission();
            }
            OnVendorError::RetryWithLocal => {
                self.warning(
                    WarningCode::VendorUnavailable,
                    format!("{failed} failed ({reason}); local serves while it is retried"),
                );
                self.init.vendor_retry_attempt += 1;
                let delay = backoff_ms(self.init.vendor_retry_attempt);
                if self.init.failed_vendor.is_none() {
                    self.init.failed_vendor = Some(failed);
                    self.switch_vendor(LOCAL.to_string(), "fallback".to_string());
                }
                self.arm(TimerName::VendorRetry, self.now.saturating_add(delay));
            }
        }
        self.reconcile();
    }

    pub(super) fn on_vendor_retry_timer(&mut self) {
        if let Some(vendor) = self.init.failed_vendor.clone() {
            self.effect(Effect::RegisterVendor { vendor });
        }
    }
}
