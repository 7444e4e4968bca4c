//! From a click's `ext` to the conversation it opens (lifecycle.md §8).

use serde_json::Value;

/// The conversation an `ext` JSON names: `{"conversationID":"c2c_<user>"|"group_<id>"}`, or
/// TUIKit's `{"entity":{"chatType":1|2,"sender":…}}` (chat type 1 → `c2c_<sender>`,
/// 2 → `group_<sender>`; for group chats TUIKit puts the group id in `sender`).
pub fn conversation_id(ext: &Value) -> Option<String> {
    if let Some(id) = ext.get("conversationID").and_then(Value::as_str) {
        if !id.is_empty() {
            return Some(id.to_string());
        }
    }
    let entity = ext.get("entity")?;
    let entity = match entity {
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
