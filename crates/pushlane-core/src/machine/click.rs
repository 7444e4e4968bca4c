//! Region `click` (lifecycle.md §8): normalise, dedupe, hold until logged in ∧ `ui_ready`,
//! newest wins, deliver exactly once.

use super::recent::RecentIds;
use super::{Machine, CLICK_DUPLICATE_WINDOW_MS, CLICK_EXTS_REMEMBERED, CLICK_IDS_REMEMBERED};
use crate::conversation::conversation_id_in_text;
use crate::effect::Effect;
use crate::event::{Event, WarningCode};
use crate::statechart::click;
use pushlane_plugin::click::normalise_flat;
use pushlane_plugin::NormalisedClick;
use serde_json::Value;
use std::collections::VecDeque;

/// A click ready to deliver.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Click {
    pub ext: String,
    pub conversation_id: Option<String>,
    pub title: Option<String>,
    pub body: Option<String>,
}

#[derive(Debug, Clone)]
pub(super) struct HeldClick {
    pub click: Click,
    /// The user it belongs to; `None`: arrived before any login, goes to whoever logs in first.
    pub owner: Option<String>,
}

#[derive(Debug)]
pub(super) struct ClickRegion {
    pub ui_ready: bool,
    pub shown: Option<String>,
    pub held: Option<HeldClick>,
    /// The `msg_id`s of the last clicks taken.
    pub seen_msg_ids: RecentIds,
    /// Clicks of the duplicate window (at, ext, msg_id), oldest first.
    pub recent: VecDeque<(u64, String, Option<String>)>,
}

impl Default for ClickRegion {
    fn default() -> Self {
        ClickRegion {
            ui_ready: false,
            shown: None,
            held: None,
            seen_msg_ids: RecentIds::new(CLICK_IDS_REMEMBERED),
            recent: VecDeque::new(),
        }
    }
}

impl Machine {
    pub(super) fn click_state(&self) -> &'static str {
        if self.click.held.is_some() {
            click::HELD
        } else {
            click::IDLE
        }
    }

    pub(super) fn held_click(&self) -> Option<(&str, Option<&str>)> {
        self.click
            .held
            .as_ref()
            .map(|h| (h.click.ext.as_str(), h.click.conversation_id.as_deref()))
    }

    pub(super) fn on_click(&mut self, source: &str, payload: &Value) {
        let normalised = match self.plugin(source) {
            Some(plugin) => plugin.normalise_click(payload),
            None => normalise_flat(payload),
        };
        let raw = match normalised {
            Ok(click) if !click.unreadable.is_empty() => {
                self.warning(
                    WarningCode::ClickPayloadUnreadable,
                    format!(
                        "click from {source}: {}; delivered with what the rest of the payload gave",
                        click.unreadable.join("; ")
                    ),
                );
                click
            }
            Ok(click) => click,
            Err(err) => {
                self.warning(WarningCode::ClickPayloadUnreadable, err.to_string());
                NormalisedClick::default()
            }
        };
        if self.is_duplicate(&raw) {
            self.emit(Event::ClickIgnored {
                reason: "duplicate".to_string(),
            });
            return;
        }
        let NormalisedClick {
            ext,
            title,
            body,
            msg_id,
            ..
        } = raw;
        let ext = ext.unwrap_or_default();
        self.remember(&ext, msg_id);
        let conversation = if ext.is_empty() {
            None
        } else {
            match conversation_id_in_text(&ext) {
                Ok(id) => id,
                Err(_) => {
                    self.warning(
                        WarningCode::ClickPayloadUnreadable,
                        format!("click ext from {source} is not JSON; delivered unchanged"),
                    );
                    None
                }
            }
        };
        let click = Click {
            ext,
            conversation_id: conversation,
            title,
            body,
        };
        if self.session.user.is_some() && self.click.ui_ready {
            self.deliver(click);
            return;
        }
        if self.click.held.take().is_some() {
            self.emit(Event::ClickSuperseded);
        }
        let owner = self
            .session
            .user
            .clone()
            .or_else(|| self.session.last_user.clone());
        self.click.held = Some(HeldClick { click, owner });
        self.emit(Event::ClickDeferred);
    }

    /// The same `msg_id` at any time; or, where either has no `msg_id`, the same non-empty
    /// `ext` within the window (inclusive).
    fn is_duplicate(&self, click: &NormalisedClick) -> bool {
        if let Some(id) = &click.msg_id {
            if self.click.seen_msg_ids.contains(id) {
                return true;
            }
        }
        let Some(ext) = click.ext.as_deref().filter(|e| !e.is_empty()) else {
            return false;
        };
        self.click.recent.iter().any(|(at, seen_ext, seen_id)| {
            seen_ext == ext
                && self.now.saturating_sub(*at) <= CLICK_DUPLICATE_WINDOW_MS
                && (click.msg_id.is_none() || seen_id.is_none())
        })
    }

    fn remember(&mut self, ext: &str, msg_id: Option<String>) {
        if let Some(id) = &msg_id {
            self.click.seen_msg_ids.insert(id);
        }
        let now = self.now;
        self.click
            .recent
            .retain(|(at, _, _)| now.saturating_sub(*at) <= CLICK_DUPLICATE_WINDOW_MS);
        if !ext.is_empty() {
            if self.click.recent.len() >= CLICK_EXTS_REMEMBERED {
                self.click.recent.pop_front();
            }
            self.click.recent.push_back((now, ext.to_string(), msg_id));
        }
    }

    fn deliver(&mut self, click: Click) {
        if click.conversation_id.is_some() && click.conversation_id == self.click.shown {
            self.emit(Event::ClickIgnored {
                reason: "already_open".to_string(),
            });
            return;
        }
        self.effect(Effect::ClearNotifications);
        self.effect(Effect::DeliverClick {
            ext: click.ext,
            conversation_id: click.conversation_id,
            title: click.title,
            body: click.body,
        });
    }

    /// After a login: deliver the held click to its owner (or to the first user), drop it for
    /// another user.
    pub(super) fn on_login_click(&mut self) {
        let Some(held) = self.click.held.as_mut() else {
            return;
        };
        let user = self.session.user.clone();
        match &held.owner {
            Some(owner) if Some(owner) != user.as_ref() => {
                self.click.held = None;
                self.emit(Event::ClickIgnored {
                    reason: "other_user".to_string(),
                });
                return;
            }
            Some(_) => {}
            None => held.owner = user,
        }
        self.release_held_click();
    }

    pub(super) fn on_ui_ready(&mut self) {
        self.click.ui_ready = true;
        self.release_held_click();
    }

    fn release_held_click(&mut self) {
        if self.session.user.is_none() || !self.click.ui_ready {
            return;
        }
        if let Some(held) = self.click.held.take() {
            self.deliver(held.click);
        }
    }

    pub(super) fn on_conversation_shown(&mut self, conversation_id: Option<String>) {
        self.click.shown = conversation_id;
    }
}
