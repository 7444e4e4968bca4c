//! [`MsgElement`]: one element of a REST `MsgBody`, `{"MsgType":…,"MsgContent":{…}}`
//! (<https://trtc.io/document/33527>), and the body derived from a [`Message`].

use crate::error::PayloadError;
use crate::message::{ElemType, Message};
use serde::{Deserialize, Serialize};

/// A message's elements, in order (`MsgBody`).
pub type MsgBody = Vec<MsgElement>;

/// The content of an element whose fields pushlane passes through as given (media elements:
/// URLs, UUIDs and sizes the app has uploaded).
pub type RawContent = serde_json::Map<String, serde_json::Value>;

/// One element of a message body. Text, custom, location and face elements are typed; the
/// media elements (sound, image, file, video, merged messages) carry their content as given.
///
/// Deserialises from the REST form, so a body can be given as raw JSON:
///
/// ```
/// use pushlane_payload::rest::{MsgElement, TextContent};
///
/// let element: MsgElement =
///     serde_json::from_str(r#"{"MsgType":"TIMTextElem","MsgContent":{"Text":"hi"}}"#)?;
/// assert_eq!(element, MsgElement::Text(TextContent { text: "hi".into() }));
/// # Ok::<(), serde_json::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(tag = "MsgType", content = "MsgContent")]
pub enum MsgElement {
    #[serde(rename = "TIMTextElem")]
    Text(TextContent),
    #[serde(rename = "TIMCustomElem")]
    Custom(CustomContent),
    #[serde(rename = "TIMLocationElem")]
    Location(LocationContent),
    #[serde(rename = "TIMFaceElem")]
    Face(FaceContent),
    #[serde(rename = "TIMSoundElem")]
    Sound(RawContent),
    #[serde(rename = "TIMImageElem")]
    Image(RawContent),
    #[serde(rename = "TIMFileElem")]
    File(RawContent),
    #[serde(rename = "TIMVideoFileElem")]
    VideoFile(RawContent),
    /// A merged (forwarded) message.
    #[serde(rename = "TIMRelayElem")]
    Relay(RawContent),
}

/// `TIMTextElem`: the text is also the push text when the info has no `Desc`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TextContent {
    #[serde(rename = "Text")]
    pub text: String,
}

/// `TIMCustomElem`: app-defined `Data`. `Desc`, `Ext` and `Sound` are the element's own
/// push settings, ignored by the server when the request has an `OfflinePushInfo` (which
/// pushlane always writes). At most one per message.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CustomContent {
    #[serde(rename = "Data")]
    pub data: String,
    #[serde(rename = "Desc", default, skip_serializing_if = "Option::is_none")]
    pub desc: Option<String>,
    #[serde(rename = "Ext", default, skip_serializing_if = "Option::is_none")]
    pub ext: Option<String>,
    #[serde(rename = "Sound", default, skip_serializing_if = "Option::is_none")]
    pub sound: Option<String>,
}

/// `TIMLocationElem`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LocationContent {
    #[serde(rename = "Desc")]
    pub desc: String,
    #[serde(rename = "Latitude")]
    pub latitude: f64,
    #[serde(rename = "Longitude")]
    pub longitude: f64,
}

/// `TIMFaceElem`: a sticker by index, with optional app data.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FaceContent {
    #[serde(rename = "Index")]
    pub index: i64,
    #[serde(rename = "Data", default)]
    pub data: String,
}

impl MsgElement {
    /// The REST `MsgType` (`TIMTextElem`).
    pub fn msg_type(&self) -> &'static str {
        match self {
            MsgElement::Text(_) => "TIMTextElem",
            MsgElement::Custom(_) => "TIMCustomElem",
            MsgElement::Location(_) => "TIMLocationElem",
            MsgElement::Face(_) => "TIMFaceElem",
            MsgElement::Sound(_) => "TIMSoundElem",
            MsgElement::Image(_) => "TIMImageElem",
            MsgElement::File(_) => "TIMFileElem",
            MsgElement::VideoFile(_) => "TIMVideoFileElem",
            MsgElement::Relay(_) => "TIMRelayElem",
        }
    }

    /// A text element.
    pub fn text(text: impl Into<String>) -> Self {
        MsgElement::Text(TextContent { text: text.into() })
    }

    /// A custom element with `data` alone.
    pub fn custom(data: impl Into<String>) -> Self {
        MsgElement::Custom(CustomContent {
            data: data.into(),
            desc: None,
            ext: None,
            sound: None,
        })
    }
}

/// The body of `message`: a text message becomes one `TIMTextElem`, a custom message one
/// `TIMCustomElem` whose `Data` is `message.text` (the custom data). Other element types need
/// media the model does not carry: build their elements yourself.
pub fn body_from_message(message: &Message) -> Result<MsgBody, PayloadError> {
    let text = || message.text.as_deref().filter(|text| !text.is_empty());
    match message.elem_type {
        ElemType::Text => text().map(MsgElement::text).ok_or(PayloadError::Missing {
            field: "message.text",
            expected: "the text of a text message",
        }),
        ElemType::Custom => text().map(MsgElement::custom).ok_or(PayloadError::Missing {
            field: "message.text",
            expected: "the custom data of a custom message (TIMCustomElem `Data`)",
        }),
        ElemType::GroupTips => Err(PayloadError::NotSendable {
            elem_type: message.elem_type,
        }),
        media => Err(PayloadError::BodyNeeded {
            elem_type: media,
            msg_type: rest_msg_type(media),
        }),
    }
    .map(|element| vec![element])
}

/// The REST `MsgType` an element type is sent as.
fn rest_msg_type(elem_type: ElemType) -> &'static str {
    match elem_type {
        ElemType::Text => "TIMTextElem",
        ElemType::Image => "TIMImageElem",
        ElemType::Sound => "TIMSoundElem",
        ElemType::Video => "TIMVideoFileElem",
        ElemType::File => "TIMFileElem",
        ElemType::Location => "TIMLocationElem",
        ElemType::Face => "TIMFaceElem",
        ElemType::Custom => "TIMCustomElem",
        ElemType::Merger => "TIMRelayElem",
        ElemType::GroupTips => "TIMGroupTipsElem",
    }
}

/// Checks a body the API would refuse: no element, or more than one `TIMCustomElem`.
pub fn check_body(body: &[MsgElement]) -> Result<(), PayloadError> {
    if body.is_empty() {
        return Err(PayloadError::EmptyBody);
    }
    let mut customs = body
        .iter()
        .enumerate()
        .filter(|(_, element)| matches!(element, MsgElement::Custom(_)))
        .map(|(index, _)| index);
    match (customs.next(), customs.next()) {
        (Some(first), Some(index)) => Err(PayloadError::SecondCustomElement { first, index }),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn text_and_custom_messages_become_one_element() {
        let text = body_from_message(&Message::text("a", "hi")).unwrap();
        assert_eq!(
            serde_json::to_value(&text).unwrap(),
            json!([{"MsgType": "TIMTextElem", "MsgContent": {"Text": "hi"}}])
        );
        let mut custom = Message::new("a", ElemType::Custom);
        custom.text = Some(r#"{"k":1}"#.into());
        assert_eq!(
            serde_json::to_value(body_from_message(&custom).unwrap()).unwrap(),
            json!([{"MsgType": "TIMCustomElem", "MsgContent": {"Data": r#"{"k":1}"#}}])
        );
    }

    #[test]
    fn a_text_message_without_text_is_refused_naming_message_text() {
        for text in [None, Some(String::new())] {
            let mut message = Message::new("a", ElemType::Text);
            message.text = text;
            let err = body_from_message(&message).unwrap_err();
            assert!(err.to_string().starts_with("message.text: "), "{err}");
        }
        let err = body_from_message(&Message::new("a", ElemType::Custom)).unwrap_err();
        assert!(err.to_string().contains("custom data"), "{err}");
    }

    #[test]
    fn media_elements_ask_for_an_explicit_body_naming_the_element_type() {
        let err = body_from_message(&Message::new("a", ElemType::Image)).unwrap_err();
        assert_eq!(
            err,
            PayloadError::BodyNeeded {
                elem_type: ElemType::Image,
                msg_type: "TIMImageElem"
            }
        );
        let text = err.to_string();
        assert!(
            text.contains("`image`") && text.contains("msg_body"),
            "{text}"
        );
        let err = body_from_message(&Message::new("a", ElemType::GroupTips)).unwrap_err();
        assert!(err.to_string().contains("`group_tips`"), "{err}");
    }

    #[test]
    fn raw_elements_round_trip_and_a_misspelt_type_is_refused_by_name() {
        let raw = json!([
            {"MsgType": "TIMImageElem", "MsgContent": {"UUID": "abc", "ImageFormat": 1}},
            {"MsgType": "TIMFaceElem", "MsgContent": {"Index": 1, "Data": "smile"}},
            {"MsgType": "TIMLocationElem",
             "MsgContent": {"Desc": "office", "Latitude": 22.5, "Longitude": 113.9}},
        ]);
        let body: MsgBody = serde_json::from_value(raw.clone()).unwrap();
        assert_eq!(body[0].msg_type(), "TIMImageElem");
        assert_eq!(serde_json::to_value(&body).unwrap(), raw);

        let err = serde_json::from_value::<MsgElement>(
            json!({"MsgType": "TIMTxtElem", "MsgContent": {"Text": "hi"}}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("TIMTxtElem"), "{err}");
        let err = serde_json::from_value::<MsgElement>(
            json!({"MsgType": "TIMTextElem", "MsgContent": {"text": "hi"}}),
        )
        .unwrap_err();
        assert!(err.to_string().contains("`text`"), "{err}");
    }

    #[test]
    fn an_empty_body_and_a_second_custom_element_are_refused() {
        assert_eq!(check_body(&[]), Err(PayloadError::EmptyBody));
        let body = [
            MsgElement::custom("a"),
            MsgElement::text("t"),
            MsgElement::custom("b"),
        ];
        let err = check_body(&body).unwrap_err();
        assert_eq!(err.to_string().split(':').next(), Some("msg_body[2]"));
        assert!(check_body(&body[..2]).is_ok());
    }
}
