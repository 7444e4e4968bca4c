//! A JSON value read for the conversation rule only: of every object, the members the rule
//! may read (`conversationID`, `entity`, `sender`, `chatType`; the last of each, as
//! [`serde_json::Value`] keeps it); everything else is read in full and dropped.
//!
//! Every value goes through the deserializer's own `deserialize_any`, as reading a
//! [`serde_json::Value`] does, so a text is refused exactly when `Value` refuses it; but a
//! click's `ext` (TUIKit's `entity` carries a dozen members) costs a handful of small
//! allocations instead of a whole object.

use serde::de::{Deserialize, Deserializer, Error, MapAccess, SeqAccess, Visitor};
use serde_json::Number;
use std::fmt;

/// What the rule can tell of a value.
#[derive(Debug)]
pub(super) enum Picked {
    Object(Box<Members>),
    Text(String),
    Number(Number),
    /// `null`, a boolean or an array.
    Other,
}

/// The members of an object the rule reads.
#[derive(Debug, Default)]
pub(super) struct Members {
    pub conversation_id: Option<Picked>,
    pub entity: Option<Picked>,
    pub sender: Option<Picked>,
    pub chat_type: Option<Picked>,
}

impl<'de> Deserialize<'de> for Picked {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(PickedVisitor)
    }
}

struct PickedVisitor;

impl<'de> Visitor<'de> for PickedVisitor {
    type Value = Picked;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Picked, A::Error> {
        let mut members = Members::default();
        while let Some(key) = map.next_key::<Key>()? {
            let slot = match key {
                Key::ConversationId => &mut members.conversation_id,
                Key::Entity => &mut members.entity,
                Key::Sender => &mut members.sender,
                Key::ChatType => &mut members.chat_type,
                Key::Other => {
                    map.next_value::<Skipped>()?;
                    continue;
                }
            };
            *slot = Some(map.next_value()?);
        }
        Ok(Picked::Object(Box::new(members)))
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Picked, A::Error> {
        SkippedVisitor.visit_seq(seq).map(|_| Picked::Other)
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<Picked, E> {
        Ok(Picked::Text(text.to_string()))
    }

    fn visit_string<E: Error>(self, text: String) -> Result<Picked, E> {
        Ok(Picked::Text(text))
    }

    fn visit_u64<E: Error>(self, n: u64) -> Result<Picked, E> {
        Ok(Picked::Number(n.into()))
    }

    fn visit_i64<E: Error>(self, n: i64) -> Result<Picked, E> {
        Ok(Picked::Number(n.into()))
    }

    fn visit_f64<E: Error>(self, n: f64) -> Result<Picked, E> {
        Ok(Number::from_f64(n).map_or(Picked::Other, Picked::Number))
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<Picked, E> {
        Ok(Picked::Other)
    }

    fn visit_unit<E: Error>(self) -> Result<Picked, E> {
        Ok(Picked::Other)
    }
}

/// An object key, told apart without copying it.
enum Key {
    ConversationId,
    Entity,
    Sender,
    ChatType,
    Other,
}

impl<'de> Deserialize<'de> for Key {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(KeyVisitor)
    }
}

struct KeyVisitor;

impl Visitor<'_> for KeyVisitor {
    type Value = Key;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an object key")
    }

    fn visit_str<E: Error>(self, key: &str) -> Result<Key, E> {
        Ok(match key {
            "conversationID" => Key::ConversationId,
            "entity" => Key::Entity,
            "sender" => Key::Sender,
            "chatType" => Key::ChatType,
            _ => Key::Other,
        })
    }
}

/// A value read in full and dropped (strings are looked at in place, never copied).
struct Skipped;

impl<'de> Deserialize<'de> for Skipped {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(SkippedVisitor)
    }
}

struct SkippedVisitor;

impl<'de> Visitor<'de> for SkippedVisitor {
    type Value = Skipped;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Skipped, A::Error> {
        while map.next_entry::<Skipped, Skipped>()?.is_some() {}
        Ok(Skipped)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Skipped, A::Error> {
        while seq.next_element::<Skipped>()?.is_some() {}
        Ok(Skipped)
    }

    fn visit_str<E: Error>(self, _: &str) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_u64<E: Error>(self, _: u64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_i64<E: Error>(self, _: i64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_f64<E: Error>(self, _: f64) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_bool<E: Error>(self, _: bool) -> Result<Skipped, E> {
        Ok(Skipped)
    }

    fn visit_unit<E: Error>(self) -> Result<Skipped, E> {
        Ok(Skipped)
    }
}
