//! `PushBuilder`: the info TUIKit would attach, from the same summary table as the receiving
//! side's local notifications.

use pushlane_payload::{summary, ElemType, ExtForm, Message, PushBuilder, Summaries};
use serde_json::{json, Value};

#[test]
fn one_to_one_and_group_ext_name_the_conversation() {
    let c2c = PushBuilder::new(&Message::text("alice", "hi")).build();
    assert_eq!(c2c.ext, r#"{"conversationID":"c2c_alice"}"#);
    assert_eq!(c2c.desc, "hi");
    assert_eq!(c2c.title, "", "the server fills in the sender's nickname");

    let group = PushBuilder::new(&Message::text("alice", "hi").in_group("g7")).build();
    assert_eq!(group.ext, r#"{"conversationID":"group_g7"}"#);
}

#[test]
fn desc_comes_from_the_summary_table_for_every_non_text_element() {
    for elem in ElemType::ALL {
        let info = PushBuilder::new(&Message::new("bob", elem)).build();
        let expected = match elem {
            ElemType::Custom => "",
            other => other.default_summary(),
        };
        assert_eq!(info.desc, expected, "{elem}");
    }
}

#[test]
fn a_text_message_without_text_gets_the_text_summary() {
    let info = PushBuilder::new(&Message::new("bob", ElemType::Text)).build();
    assert_eq!(info.desc, "[Message]");
}

#[test]
fn summary_overrides_apply_per_element_type() {
    let mut overrides = Summaries::new();
    overrides.insert("image".into(), "[图片]".into());
    let message = Message::new("bob", ElemType::Image);
    let info = PushBuilder::new(&message).summaries(&overrides).build();
    assert_eq!(info.desc, "[图片]");
    assert_eq!(summary(ElemType::Video, &overrides), "[Video]");
}

#[test]
fn the_entity_form_carries_tuikits_business_json() {
    let message = Message::text("alice", "hello")
        .with_nick_name("Alice")
        .in_group("g7");
    let ext = PushBuilder::new(&message).ext_form(ExtForm::Entity).ext();
    let ext: Value = serde_json::from_str(&ext).unwrap();
    assert_eq!(ext["entity"]["chatType"], json!(2));
    assert_eq!(ext["entity"]["sender"], json!("g7"));
    assert_eq!(ext["entity"]["nickname"], json!("Alice"));
    assert_eq!(ext["entity"]["content"], json!("hello"));

    let c2c = PushBuilder::new(&Message::text("alice", "x"))
        .ext_form(ExtForm::Entity)
        .ext();
    let c2c: Value = serde_json::from_str(&c2c).unwrap();
    assert_eq!(c2c["entity"]["chatType"], json!(1));
    assert_eq!(c2c["entity"]["sender"], json!("alice"));
}
