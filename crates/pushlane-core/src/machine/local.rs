//! Local notifications, "online push" (lifecycle.md §9).

use super::Machine;
use crate::effect::Effect;
use crate::event::Event;
use crate::input::{ElemType, Message};
use pushlane_plugin::LocalNotifications;

impl Machine {
    pub(super) fn on_message(&mut self, message: Message) {
        if self.session.user.is_none() {
            self.ignored("message_received", "not_logged_in");
            return;
        }
        let local_serves = self.selected_is_local()
            || (self.init_done() && self.config.local_notifications == LocalNotifications::Always);
        if !local_serves {
            return;
        }
        let push_info = message.offline_push_info.clone().unwrap_or_default();
        let desc = push_info.desc.clone().filter(|d| !d.is_empty());
        let reason = if message.is_self {
            Some("self")
        } else if push_info.disable_push {
            Some("disable_push")
        } else if message.elem_type == ElemType::Custom && desc.is_none() {
            Some("custom_without_desc")
        } else if message.elem_type == ElemType::GroupTips {
            Some("group_tips")
        } else if self.notified.contains(&message.msg_id) {
            Some("duplicate")
        } else if self.visibility.foreground && !self.config.foreground_notifications {
            Some("foreground")
        } else {
            None
        };
        if let Some(reason) = reason {
            self.emit(Event::NotificationSuppressed {
                reason: reason.to_string(),
            });
            return;
        }
        let title = push_info
            .title
            .filter(|t| !t.is_empty())
            .or_else(|| message.nick_name.clone().filter(|n| !n.is_empty()))
            .unwrap_or_else(|| message.sender.clone());
        let body = desc
            .or_else(|| {
                (message.elem_type == ElemType::Text)
                    .then(|| message.text.clone())
                    .flatten()
                    .filter(|t| !t.is_empty())
            })
            .unwrap_or_else(|| self.summary(message.elem_type));
        let ext = push_info.ext.filter(|e| !e.is_empty()).unwrap_or_else(|| {
            match message.group_id.as_deref().filter(|g| !g.is_empty()) {
                Some(group) => serde_json::json!({ "conversationID": format!("group_{group}") }),
                None => serde_json::json!({ "conversationID": format!("c2c_{}", message.sender) }),
            }
            .to_string()
        });
        self.notified.insert(&message.msg_id);
        self.effect(Effect::ShowNotification {
            channel_id: self.config.local_channel.channel_id.clone(),
            title,
            body,
            ext,
        });
    }

    /// The element's summary: config `summaries`, else the default table both the local
    /// notifications and the sending side use (`pushlane-payload`).
    fn summary(&self, elem_type: ElemType) -> String {
        pushlane_payload::summary(elem_type, &self.config.summaries).to_string()
    }
}
