//! [`PushBuilder`]: the offline-push info TUIKit would attach to a message.

use crate::info::OfflinePushInfo;
use crate::message::{summary, ElemType, Message, Summaries};
use serde_json::json;

/// How `ext` names the conversation.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ExtForm {
    /// `{"conversationID":"c2c_<sender>"}` or `{"conversationID":"group_<group_id>"}`.
    #[default]
    ConversationId,
    /// TUIKit's business JSON: `{"entity":{"sender":…,"nickname":…,"chatType":1|2,"action":1,
    /// "version":1,…}}` (`chatType` 1 one-to-one, 2 group; `action` 1 a new message).
    Entity,
}

/// Builds the [`OfflinePushInfo`] for a message with TUIKit's conventions: `ext` points at the
/// conversation, `desc` is the text of a text message or the element summary, and `title` is
/// left empty for the server to fill in with the sender's nickname.
///
/// ```
/// use pushlane_payload::{ElemType, ExtForm, Message, PushBuilder};
///
/// let info = PushBuilder::new(&Message::text("alice", "hi")).build();
/// assert_eq!((info.title.as_str(), info.desc.as_str()), ("", "hi"));
///
/// let entity = PushBuilder::new(&Message::new("alice", ElemType::Sound))
///     .ext_form(ExtForm::Entity)
///     .build();
/// assert!(entity.ext.starts_with(r#"{"entity":{"#));
/// ```
#[derive(Debug, Clone)]
pub struct PushBuilder<'a> {
    message: &'a Message,
    ext_form: ExtForm,
    summaries: Option<&'a Summaries>,
}

impl<'a> PushBuilder<'a> {
    pub fn new(message: &'a Message) -> Self {
        PushBuilder {
            message,
            ext_form: ExtForm::default(),
            summaries: None,
        }
    }

    pub fn ext_form(mut self, ext_form: ExtForm) -> Self {
        self.ext_form = ext_form;
        self
    }

    /// Overrides the summary table per element type (the same `summaries` the receiving
    /// config uses).
    pub fn summaries(mut self, summaries: &'a Summaries) -> Self {
        self.summaries = Some(summaries);
        self
    }

    /// The info. A custom message gets no `desc` (its content cannot be summarised): set one
    /// yourself, or lint reports `custom_without_desc`.
    pub fn build(&self) -> OfflinePushInfo {
        let empty = Summaries::new();
        let summaries = self.summaries.unwrap_or(&empty);
        let desc = match self.message.elem_type {
            ElemType::Custom => String::new(),
            _ => self
                .message
                .fallback_desc(summaries)
                .unwrap_or_else(|| summary(self.message.elem_type, summaries))
                .to_string(),
        };
        OfflinePushInfo {
            desc,
            ext: self.ext(),
            ..OfflinePushInfo::default()
        }
    }

    /// The `ext` string alone.
    pub fn ext(&self) -> String {
        let message = self.message;
        match self.ext_form {
            ExtForm::ConversationId => {
                json!({ "conversationID": message.conversation_id() }).to_string()
            }
            ExtForm::Entity => {
                let (chat_type, receiver) = match message.group() {
                    Some(group) => (2, group),
                    None => (1, message.sender.as_str()),
                };
                let mut entity = json!({
                    "action": 1,
                    "chatType": chat_type,
                    "content": message.text.as_deref().unwrap_or_default(),
                    "sender": receiver,
                    "nickname": message.nick_name.as_deref().unwrap_or(&message.sender),
                    "version": 1,
                });
                if !message.msg_id.is_empty() {
                    entity["msgId"] = json!(message.msg_id);
                }
                json!({ "entity": entity }).to_string()
            }
        }
    }
}
