//! From a click's `ext` to the conversation it opens (lifecycle.md §8).

mod picked;

use picked::Picked;
use serde::Deserialize;
use serde_json::Value;

/// The conversation an `ext` JSON names: `{"conversationID":"c2c_<user>"|"group_<id>"}`, or
/// TUIKit's `{"entity":{"chatType":1|2,"sender":…}}` (chat type 1 → `c2c_<sender>`,
/// 2 → `group_<sender>`; for group chats TUIKit puts the group id in `sender`).
pub fn conversation_id(ext: &Value) -> Option<String> {
    Picked::deserialize(ext).ok().and_then(conversation_of)
}

/// [`conversation_id`] of an `ext` text, or the error that it is not JSON (exactly when
/// reading it as a [`Value`] fails). Only what the rule reads is kept while reading.
pub fn conversation_id_in_text(ext: &str) -> Result<Option<String>, serde_json::Error> {
    serde_json::from_str::<Picked>(ext).map(conversation_of)
}

fn conversation_of(ext: Picked) -> Option<String> {
    let Picked::Object(ext) = ext else {
        return None;
    };
    if let Some(Picked::Text(id)) = ext.conversation_id {
        if !id.is_empty() {
            return Some(id);
        }
    }
    let entity = match ext.entity? {
        Picked::Text(text) => serde_json::from_str::<Picked>(&text).ok()?,
        other => other,
    };
    let Picked::Object(entity) = entity else {
        return None;
    };
    let sender = match entity.sender? {
        Picked::Text(s) if !s.is_empty() => s,
        Picked::Number(n) => n.to_string(),
        _ => return None,
    };
    let chat_type = match entity.chat_type? {
        Picked::Number(n) => n.as_i64()?,
        Picked::Text(s) => s.trim().parse::<i64>().ok()?,
        _ => return None,
    };
    match chat_type {
        1 => Some(format!("c2c_{sender}")),
        2 => Some(format!("group_{sender}")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn conversation_id_key() {
        assert_eq!(
            conversation_id(&json!({"conversationID": "c2c_bob"})).as_deref(),
            Some("c2c_bob")
        );
        assert_eq!(
            conversation_id(&json!({"conversationID": "group_g1"})).as_deref(),
            Some("group_g1")
        );
    }

    #[test]
    fn tuikit_entity_forms() {
        let c2c = json!({"entity": {"chatType": 1, "sender": "bob", "action": 1}});
        assert_eq!(conversation_id(&c2c).as_deref(), Some("c2c_bob"));
        let group = json!({"entity": {"chatType": 2, "sender": "g42", "action": 1}});
        assert_eq!(conversation_id(&group).as_deref(), Some("group_g42"));
        let as_text = json!({"entity": "{\"chatType\":\"1\",\"sender\":\"bob\"}"});
        assert_eq!(conversation_id(&as_text).as_deref(), Some("c2c_bob"));
    }

    /// The rule as first written, over the whole [`Value`]: what the picked reading must agree
    /// with.
    fn over_the_whole_value(ext: &Value) -> Option<String> {
        if let Some(id) = ext.get("conversationID").and_then(Value::as_str) {
            if !id.is_empty() {
                return Some(id.to_string());
            }
        }
        let entity = match ext.get("entity")? {
            Value::String(text) => serde_json::from_str::<Value>(text).ok()?,
            other => other.clone(),
        };
        let sender = match entity.get("sender")? {
            Value::String(s) if !s.is_empty() => s.clone(),
            Value::Number(n) => n.to_string(),
            _ => return None,
        };
        let chat_type = match entity.get("chatType")? {
            Value::Number(n) => n.as_i64()?,
            Value::String(s) => s.trim().parse::<i64>().ok()?,
            _ => return None,
        };
        match chat_type {
            1 => Some(format!("c2c_{sender}")),
            2 => Some(format!("group_{sender}")),
            _ => None,
        }
    }

    #[test]
    fn the_picked_reading_agrees_with_the_whole_value() {
        let tuikit = r#"{"entity":{"action":1,"chatType":1,"content":"see you at 8","faceUrl":"https://example.com/a.png","nickname":"Bob","sender":"bob","version":1}}"#;
        for ext in [
            tuikit,
            r#"{"conversationID":"c2c_bob"}"#,
            r#"{"conversationID":"c2c_a","conversationID":"group_b"}"#,
            r#"{"conversationID":"c2c_a","conversationID":7,"entity":{"chatType":1,"sender":"x"}}"#,
            r#"{"conversationID":"c2c_\u0062ob","other":[1,{"x":null}]}"#,
            r#"{"conversationID":{"sender":"x"},"sender":"top","chatType":1}"#,
            r#"{"entity":"{\"chatType\":\"2\",\"sender\":\"g1\"}"}"#,
            r#"{"entity":"{\"chatType\":1,\"sender\":\"b\"} trailing"}"#,
            r#"{"entity":"\"{\\\"chatType\\\":1}\""}"#,
            r#"{"entity":{"chatType":1,"sender":42},"entity":{"chatType":2,"sender":"g"}}"#,
            r#"{"entity":{"chatType":" 2 ","sender":18446744073709551615}}"#,
            r#"{"entity":{"chatType":1.0,"sender":"x"}}"#,
            r#"{"entity":{"chatType":1,"sender":-1.5e3}}"#,
            r#"{"entity":{"chatType":1,"sender":""}}"#,
            r#"{"entity":{"chatType":1,"sender":["x"]}}"#,
            r#"{"entity":{"chatType":-9223372036854775808,"sender":"x"}}"#,
            r#"{"entity":{"chatType":3,"sender":"x"}}"#,
            r#"{"entity":[{"chatType":1,"sender":"x"}]}"#,
            r#"{"entity":null,"conversationID":null}"#,
            r#"{"conversationID":""}"#,
            r#"{"conversation\u0049D":"c2c_escaped_key"}"#,
            r#"{}"#,
            r#"["conversationID","c2c_bob"]"#,
            r#""{\"conversationID\":\"c2c_bob\"}""#,
            "12",
            "-1.5",
            "true",
            "null",
        ] {
            let value: Value = serde_json::from_str(ext).unwrap();
            let expected = over_the_whole_value(&value);
            assert_eq!(conversation_id_in_text(ext).unwrap(), expected, "{ext}");
            assert_eq!(conversation_id(&value), expected, "{ext}");
        }
        let too_deep = format!("{{\"x\":{}{}}}", "[".repeat(200), "]".repeat(200));
        for not_json in [
            "",
            "c2c_bob",
            r#"{"conversationID":"c2c_bob""#,
            r#"{"conversationID":"c2c_bob"} x"#,
            r#"{"n":1e400}"#,
            r#"{"entity":{"sender":"x","other":{"n":-1e999}}}"#,
            r#"{"conversationID":"c2c_bob","conversationID":}"#,
            r#"{"a":"\ud800"}"#,
            &too_deep,
        ] {
            assert!(
                serde_json::from_str::<Value>(not_json).is_err(),
                "{not_json}"
            );
            assert!(conversation_id_in_text(not_json).is_err(), "{not_json}");
        }
    }

    #[test]
    fn unknown_shapes_give_none() {
        assert_eq!(
            conversation_id(&json!({"entity": {"chatType": 3, "sender": "x"}})),
            None
        );
        assert_eq!(conversation_id(&json!({"foo": 1})), None);
        assert_eq!(conversation_id(&json!("text")), None);
        assert_eq!(conversation_id(&json!({"conversationID": ""})), None);
    }
}
