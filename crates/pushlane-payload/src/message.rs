//! The message a push is built for: its element kinds and the summary table (lifecycle.md §7).

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Element type of a message (lifecycle.md §7).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ElemType {
    Text,
    Image,
    Sound,
    Video,
    File,
    Location,
    Face,
    Custom,
    Merger,
    GroupTips,
}

impl ElemType {
    /// Every element type, in the order of lifecycle.md §7.
    pub const ALL: [ElemType; 10] = [
        ElemType::Text,
        ElemType::Image,
        ElemType::Sound,
        ElemType::Video,
        ElemType::File,
        ElemType::Location,
        ElemType::Face,
        ElemType::Custom,
        ElemType::Merger,
        ElemType::GroupTips,
    ];

    /// The serde name (`group_tips`).
    pub fn as_str(self) -> &'static str {
        match self {
            ElemType::Text => "text",
            ElemType::Image => "image",
            ElemType::Sound => "sound",
            ElemType::Video => "video",
            ElemType::File => "file",
            ElemType::Location => "location",
            ElemType::Face => "face",
            ElemType::Custom => "custom",
            ElemType::Merger => "merger",
            ElemType::GroupTips => "group_tips",
        }
    }

    /// The English summary a notification shows for this element when the push has no `desc`
    /// (`[Image]`). One table serves both sides: the local notifications of the receiving
    /// lifecycle and the `desc` the [`PushBuilder`](crate::PushBuilder) writes. Hosts override
    /// it per element type (config `summaries`).
    pub fn default_summary(self) -> &'static str {
        match self {
            ElemType::Text => "[Message]",
            ElemType::Image => "[Image]",
            ElemType::Sound => "[Voice]",
            ElemType::Video => "[Video]",
            ElemType::File => "[File]",
            ElemType::Location => "[Location]",
            ElemType::Face => "[Sticker]",
            ElemType::Custom => "[Custom Message]",
            ElemType::Merger => "[Chat History]",
            ElemType::GroupTips => "[Group Notice]",
        }
    }
}

impl std::fmt::Display for ElemType {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// The kind of a call invitation (an audio or a video call over TRTC).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CallKind {
    Audio,
    Video,
}

impl CallKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CallKind::Audio => "audio",
            CallKind::Video => "video",
        }
    }
}

/// The message being sent, as the sending side sees it: the fields of the receiving side's
/// `message_received.message` (without its `offline_push_info`, which is the thing being
/// built or checked), plus `call` for a call invitation.
///
/// ```
/// use pushlane_payload::{ElemType, Message};
///
/// let message = Message::new("alice", ElemType::Image).in_group("g42");
/// assert_eq!(message.conversation_id(), "group_g42");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The message id; optional on the sending side (the server assigns one).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub msg_id: String,
    /// The sender's user id.
    pub sender: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub nick_name: Option<String>,
    /// Set for a group message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group_id: Option<String>,
    pub elem_type: ElemType,
    /// The text of a text message.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub is_self: bool,
    /// Set when the message is a call invitation (TUICallKit's signalling message).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub call: Option<CallKind>,
}

impl Message {
    /// A one-to-one message from `sender`.
    pub fn new(sender: impl Into<String>, elem_type: ElemType) -> Self {
        Message {
            msg_id: String::new(),
            sender: sender.into(),
            nick_name: None,
            group_id: None,
            elem_type,
            text: None,
            is_self: false,
            call: None,
        }
    }

    /// A text message from `sender`.
    pub fn text(sender: impl Into<String>, text: impl Into<String>) -> Self {
        Message {
            text: Some(text.into()),
            ..Message::new(sender, ElemType::Text)
        }
    }

    pub fn in_group(mut self, group_id: impl Into<String>) -> Self {
        self.group_id = Some(group_id.into());
        self
    }

    pub fn with_nick_name(mut self, nick_name: impl Into<String>) -> Self {
        self.nick_name = Some(nick_name.into());
        self
    }

    /// The group id when it is set and not empty.
    pub fn group(&self) -> Option<&str> {
        self.group_id.as_deref().filter(|g| !g.is_empty())
    }

    /// The conversation the receiver opens: `group_<group_id>` or `c2c_<sender>` (the TUIKit
    /// convention, lifecycle.md §8).
    pub fn conversation_id(&self) -> String {
        match self.group() {
            Some(group) => format!("group_{group}"),
            None => format!("c2c_{}", self.sender),
        }
    }

    /// The text a push shows when its info has no `desc`: the text of a text message, else
    /// the element summary (`overrides` first, then [`ElemType::default_summary`]). `None` for
    /// a custom message: its content cannot be summarised, so the server does not push it.
    pub fn fallback_desc<'a>(&'a self, overrides: &'a Summaries) -> Option<&'a str> {
        match self.elem_type {
            ElemType::Custom => None,
            ElemType::Text => self
                .text
                .as_deref()
                .filter(|t| !t.is_empty())
                .or(Some(summary(ElemType::Text, overrides))),
            other => Some(summary(other, overrides)),
        }
    }
}

/// Per element type overrides of the summary table (config `summaries`: `elem_type` name →
/// text).
pub type Summaries = BTreeMap<String, String>;

/// The summary of `elem_type`: the override when `overrides` has one, else the default.
pub fn summary(elem_type: ElemType, overrides: &Summaries) -> &str {
    overrides
        .get(elem_type.as_str())
        .map(String::as_str)
        .unwrap_or_else(|| elem_type.default_summary())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn elem_type_names_are_the_serde_names() {
        for elem in ElemType::ALL {
            assert_eq!(serde_json::to_value(elem).unwrap(), elem.as_str());
        }
    }

    #[test]
    fn conversation_ids_follow_tuikit() {
        assert_eq!(
            Message::new("bob", ElemType::Text).conversation_id(),
            "c2c_bob"
        );
        let empty_group = Message::new("bob", ElemType::Text).in_group("");
        assert_eq!(empty_group.conversation_id(), "c2c_bob");
        assert_eq!(
            Message::new("bob", ElemType::Text)
                .in_group("g1")
                .conversation_id(),
            "group_g1"
        );
    }

    #[test]
    fn a_message_with_an_unknown_key_is_refused_by_name() {
        let err = serde_json::from_str::<Message>(
            r#"{"sender":"a","elem_type":"text","offline_push_info":{}}"#,
        )
        .unwrap_err();
        assert!(err.to_string().contains("offline_push_info"), "{err}");
    }
}
