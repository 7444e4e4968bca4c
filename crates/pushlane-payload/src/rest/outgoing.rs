//! [`Outgoing`]: one message ready to be sent, and the request bodies made from it.

use super::body::{body_from_message, check_body, MsgBody, MsgElement};
use super::random::fnv1a32;
use super::send::{
    BatchSend, PushToAll, SingleSend, BATCH_LIMIT, MAX_MSG_LIFETIME, SYNC_NOT_TO_SENDER,
};
use crate::error::PayloadError;
use crate::info::OfflinePushInfo;
use crate::message::Message;
use std::collections::HashSet;

/// A message ready to be sent: who sends it, its elements, its offline-push info, its
/// `MsgRandom` and how long it waits for offline receivers. Every field may be changed before
/// the bodies are made.
///
/// `msg_random`: the server drops a second message with the same `MsgRandom` from the same
/// sender within the same second, so it must differ between messages; pushlane also wants it
/// reproducible, so a retried send is recognised as the same message. The default is
/// [`default_msg_random`]: a 32-bit FNV-1a hash of the message id when the message has one,
/// else of the sender and the serialised body. Overwrite it to send the same content twice.
///
/// ```
/// use pushlane_payload::rest::{default_msg_random, Outgoing};
/// use pushlane_payload::{Message, OfflinePushInfo};
///
/// let mut message = Message::text("alice", "hi");
/// message.msg_id = "m-1".into();
/// let outgoing = Outgoing::from_message(&message, &OfflinePushInfo::default())?;
/// assert_eq!(outgoing.msg_random, default_msg_random("m-1", "alice", &outgoing.msg_body));
/// assert_eq!(outgoing.batch(&["bob".into(), "carol".into()])?.len(), 1);
/// # Ok::<(), pushlane_payload::PayloadError>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Outgoing {
    /// `From_Account`: the user the receivers see as the sender.
    pub from: String,
    pub msg_body: Vec<MsgElement>,
    pub info: OfflinePushInfo,
    pub msg_random: u32,
    /// `MsgLifeTime` in seconds; `None`: the API's default (7 days for single and batch
    /// sends; [`MAX_MSG_LIFETIME`] for a push to all, whose own default sends no offline push).
    pub msg_lifetime: Option<u32>,
}

impl Outgoing {
    /// The message as sent by `message.sender`, with the body derived from the message (a text
    /// or a custom message; see [`Outgoing::new`] for any other body).
    pub fn from_message(
        message: &Message,
        info: &OfflinePushInfo,
    ) -> Result<Outgoing, PayloadError> {
        check_sender(&message.sender, "message.sender")?;
        let msg_body = body_from_message(message)?;
        Ok(Outgoing {
            msg_random: default_msg_random(&message.msg_id, &message.sender, &msg_body),
            from: message.sender.clone(),
            msg_body,
            info: info.clone(),
            msg_lifetime: None,
        })
    }

    /// A message with an explicit body (an image, several elements, raw JSON elements), after
    /// checking what the API would refuse: an empty sender or body, or two custom elements.
    pub fn new(
        from: impl Into<String>,
        msg_body: Vec<MsgElement>,
        info: &OfflinePushInfo,
    ) -> Result<Outgoing, PayloadError> {
        let from = from.into();
        check_sender(&from, "from")?;
        check_body(&msg_body)?;
        Ok(Outgoing {
            msg_random: default_msg_random("", &from, &msg_body),
            from,
            msg_body,
            info: info.clone(),
            msg_lifetime: None,
        })
    }

    /// The `sendmsg` body for one recipient.
    pub fn single(&self, to: &str) -> SingleSend {
        SingleSend {
            sync_other_machine: SYNC_NOT_TO_SENDER,
            from_account: self.from.clone(),
            to_account: to.to_string(),
            msg_random: self.msg_random,
            msg_life_time: self.msg_lifetime,
            msg_body: self.msg_body.clone(),
            offline_push_info: (&self.info).into(),
        }
    }

    /// The `batchsendmsg` bodies for `to`: each recipient once (first occurrence kept, order
    /// kept), at most [`BATCH_LIMIT`] per body. An empty list or an empty user id is an error.
    pub fn batch(&self, to: &[String]) -> Result<Vec<BatchSend>, PayloadError> {
        if to.is_empty() {
            return Err(PayloadError::NoRecipients);
        }
        if let Some(index) = to.iter().position(String::is_empty) {
            return Err(PayloadError::EmptyRecipient { index });
        }
        let mut seen = HashSet::new();
        let unique: Vec<&String> = to.iter().filter(|user| seen.insert(*user)).collect();
        Ok(unique
            .chunks(BATCH_LIMIT)
            .map(|chunk| BatchSend {
                sync_other_machine: SYNC_NOT_TO_SENDER,
                from_account: self.from.clone(),
                to_account: chunk.iter().map(|user| user.to_string()).collect(),
                msg_random: self.msg_random,
                msg_life_time: self.msg_lifetime,
                msg_body: self.msg_body.clone(),
                offline_push_info: (&self.info).into(),
            })
            .collect())
    }

    /// The `im_push` body. `MsgLifeTime` is always written: `msg_lifetime`, else
    /// [`MAX_MSG_LIFETIME`], and never more than that.
    pub fn push_to_all(&self) -> PushToAll {
        PushToAll {
            from_account: self.from.clone(),
            msg_random: self.msg_random,
            msg_life_time: self
                .msg_lifetime
                .unwrap_or(MAX_MSG_LIFETIME)
                .min(MAX_MSG_LIFETIME),
            msg_body: self.msg_body.clone(),
            offline_push_info: (&self.info).into(),
        }
    }
}

/// The default `MsgRandom`: the 32-bit FNV-1a hash of `msg_id` when it is not empty, else of
/// `from`, a NUL byte and the body serialised as compact JSON.
pub fn default_msg_random(msg_id: &str, from: &str, msg_body: &MsgBody) -> u32 {
    if !msg_id.is_empty() {
        return fnv1a32(&[msg_id.as_bytes()]);
    }
    let body = serde_json::to_vec(msg_body).unwrap_or_default();
    fnv1a32(&[from.as_bytes(), b"\0", &body])
}

fn check_sender(from: &str, field: &'static str) -> Result<(), PayloadError> {
    if from.is_empty() {
        return Err(PayloadError::Missing {
            field,
            expected: "the user id of the sender (`From_Account`)",
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::message::ElemType;

    fn outgoing() -> Outgoing {
        Outgoing::from_message(&Message::text("alice", "hi"), &OfflinePushInfo::default()).unwrap()
    }

    #[test]
    fn msg_random_is_reproducible_and_differs_per_message() {
        assert_eq!(outgoing().msg_random, outgoing().msg_random);
        let other =
            Outgoing::from_message(&Message::text("alice", "hi!"), &Default::default()).unwrap();
        assert_ne!(outgoing().msg_random, other.msg_random);
        let from_bob =
            Outgoing::from_message(&Message::text("bob", "hi"), &Default::default()).unwrap();
        assert_ne!(outgoing().msg_random, from_bob.msg_random);

        let mut first = Message::text("alice", "hi");
        first.msg_id = "m-1".into();
        let mut second = first.clone();
        second.msg_id = "m-2".into();
        let random = |m: &Message| {
            Outgoing::from_message(m, &Default::default())
                .unwrap()
                .msg_random
        };
        assert_ne!(
            random(&first),
            random(&second),
            "same text, other message id"
        );
        assert_eq!(random(&first), fnv1a32(&[b"m-1"]));
    }

    #[test]
    fn batch_keeps_each_recipient_once_in_order() {
        let to: Vec<String> = ["bob", "carol", "bob", "dave", "carol"]
            .map(String::from)
            .to_vec();
        let bodies = outgoing().batch(&to).unwrap();
        assert_eq!(bodies.len(), 1);
        assert_eq!(bodies[0].to_account, ["bob", "carol", "dave"]);
    }

    #[test]
    fn duplicates_do_not_count_towards_the_limit() {
        let mut to: Vec<String> = (0..BATCH_LIMIT).map(|n| format!("u{n}")).collect();
        to.extend(to.clone());
        let bodies = outgoing().batch(&to).unwrap();
        assert_eq!(bodies.len(), 1);
        assert_eq!(bodies[0].to_account.len(), BATCH_LIMIT);
    }

    #[test]
    fn an_empty_batch_or_recipient_is_refused_by_name() {
        let err = outgoing().batch(&[]).unwrap_err();
        assert_eq!(err, PayloadError::NoRecipients);
        assert!(err.to_string().starts_with("to: "), "{err}");
        let err = outgoing()
            .batch(&["bob".into(), String::new()])
            .unwrap_err();
        assert!(err.to_string().starts_with("to[1]: empty user id"), "{err}");
    }

    #[test]
    fn push_to_all_caps_the_lifetime_at_seven_days() {
        let mut outgoing = outgoing();
        outgoing.msg_lifetime = Some(120);
        assert_eq!(outgoing.push_to_all().msg_life_time, 120);
        outgoing.msg_lifetime = Some(MAX_MSG_LIFETIME + 1);
        assert_eq!(outgoing.push_to_all().msg_life_time, MAX_MSG_LIFETIME);
    }

    #[test]
    fn an_empty_sender_is_refused_by_name() {
        let err =
            Outgoing::from_message(&Message::text("", "hi"), &Default::default()).unwrap_err();
        assert!(err.to_string().starts_with("message.sender: "), "{err}");
        let err = Outgoing::new("", vec![MsgElement::text("hi")], &Default::default()).unwrap_err();
        assert!(err.to_string().starts_with("from: "), "{err}");
    }

    #[test]
    fn an_explicit_body_sends_any_element_type() {
        let image: MsgElement = serde_json::from_str(
            r#"{"MsgType":"TIMImageElem","MsgContent":{"UUID":"u","ImageFormat":1}}"#,
        )
        .unwrap();
        let outgoing = Outgoing::new("alice", vec![image], &Default::default()).unwrap();
        let body = serde_json::to_value(outgoing.single("bob")).unwrap();
        assert_eq!(body["MsgBody"][0]["MsgType"], "TIMImageElem");
        assert!(Outgoing::from_message(
            &Message::new("alice", ElemType::Image),
            &Default::default()
        )
        .is_err());
    }
}
