//! The [`SECRET_CONFIG_KEYS`] string members of one vendor config entry.
//!
//! A vendor's config is a typetag trait object: serialising it is the one view of its fields
//! the core has. The entry is serialised into serializers that keep only those members' text,
//! so nothing else is built (no JSON value of the entry, no copy of its other fields). What
//! counts as text is what `serde_json::to_value` makes a JSON string: a string, a char, a unit
//! enum variant, also inside `Some` or a newtype.

use super::SECRET_CONFIG_KEYS;
use serde::ser::{self, Impossible, Serialize, SerializeMap, SerializeStruct, Serializer};
use std::fmt;

/// The text of each secret key of `entry`, in the order of [`SECRET_CONFIG_KEYS`].
pub(super) fn secret_fields<T: Serialize + ?Sized>(entry: &T) -> [Option<String>; 4] {
    let mut found = [None, None, None, None];
    // An entry that is not a map or a struct has no members, nor any secret.
    let _ = entry.serialize(Entry { found: &mut found });
    found
}

fn slot_of(key: &str) -> Option<usize> {
    SECRET_CONFIG_KEYS.iter().position(|k| *k == key)
}

/// What these serializers refuse: anything but the shapes they look for.
#[derive(Debug)]
struct NotRead;

impl fmt::Display for NotRead {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not a member the secrets are read from")
    }
}

impl std::error::Error for NotRead {}

impl ser::Error for NotRead {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotRead
    }
}

/// `fn serialize_x(self, _: T) -> Ok(Default)` for every listed scalar method.
macro_rules! give_default {
    ($($method:ident($($arg:ty),*);)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::Ok, NotRead> {
            Ok(Default::default())
        }
    )*};
}

/// The compound methods of a serializer that reads none of them.
macro_rules! no_compounds {
    ($($method:ident($($arg:ty),*) -> $kind:ident;)*) => {$(
        fn $method(self, $(_: $arg),*) -> Result<Self::$kind, NotRead> {
            Err(NotRead)
        }
    )*};
}

/// The entry itself: its members, as a struct or (typetag's tagged form) as a map.
struct Entry<'a> {
    found: &'a mut [Option<String>; 4],
}

impl<'a> Serializer for Entry<'a> {
    type Ok = ();
    type Error = NotRead;
    type SerializeSeq = Impossible<(), NotRead>;
    type SerializeTuple = Impossible<(), NotRead>;
    type SerializeTupleStruct = Impossible<(), NotRead>;
    type SerializeTupleVariant = Impossible<(), NotRead>;
    type SerializeMap = Members<'a>;
    type SerializeStruct = Members<'a>;
    type SerializeStructVariant = Impossible<(), NotRead>;

    fn serialize_map(self, _: Option<usize>) -> Result<Members<'a>, NotRead> {
        Ok(Members {
            found: self.found,
            slot: None,
        })
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Members<'a>, NotRead> {
        self.serialize_map(None)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), NotRead> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotRead> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotRead> {
        Ok(())
    }

    give_default! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64); serialize_char(char);
        serialize_str(&str); serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
        serialize_unit_variant(&'static str, u32, &'static str);
    }

    no_compounds! {
        serialize_seq(Option<usize>) -> SerializeSeq;
        serialize_tuple(usize) -> SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> SerializeTupleVariant;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> SerializeStructVariant;
    }
}

/// The entry's members: a secret key's value is read as text; every other value is skipped
/// without being serialised.
struct Members<'a> {
    found: &'a mut [Option<String>; 4],
    /// The slot of the map key just serialised, when it is a secret key.
    slot: Option<usize>,
}

impl Members<'_> {
    fn read<T: Serialize + ?Sized>(&mut self, slot: usize, value: &T) {
        self.found[slot] = value.serialize(Text).unwrap_or(None);
    }
}

impl SerializeMap for Members<'_> {
    type Ok = ();
    type Error = NotRead;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NotRead> {
        self.slot = key.serialize(Text).ok().flatten().and_then(|k| slot_of(&k));
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotRead> {
        if let Some(slot) = self.slot.take() {
            self.read(slot, value);
        }
        Ok(())
    }

    fn end(self) -> Result<(), NotRead> {
        Ok(())
    }
}

impl SerializeStruct for Members<'_> {
    type Ok = ();
    type Error = NotRead;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotRead> {
        if let Some(slot) = slot_of(key) {
            self.read(slot, value);
        }
        Ok(())
    }

    fn end(self) -> Result<(), NotRead> {
        Ok(())
    }
}

/// A value as the text a JSON string of it would hold, if it would be one.
struct Text;

impl Serializer for Text {
    type Ok = Option<String>;
    type Error = NotRead;
    type SerializeSeq = Impossible<Option<String>, NotRead>;
    type SerializeTuple = Impossible<Option<String>, NotRead>;
    type SerializeTupleStruct = Impossible<Option<String>, NotRead>;
    type SerializeTupleVariant = Impossible<Option<String>, NotRead>;
    type SerializeMap = Impossible<Option<String>, NotRead>;
    type SerializeStruct = Impossible<Option<String>, NotRead>;
    type SerializeStructVariant = Impossible<Option<String>, NotRead>;

    fn serialize_str(self, text: &str) -> Result<Option<String>, NotRead> {
        Ok(Some(text.to_string()))
    }

    fn serialize_char(self, c: char) -> Result<Option<String>, NotRead> {
        Ok(Some(c.to_string()))
    }

    fn serialize_unit_variant(
        self,
        _: &'static str,
        _: u32,
        variant: &'static str,
    ) -> Result<Option<String>, NotRead> {
        Ok(Some(variant.to_string()))
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Option<String>, NotRead> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Option<String>, NotRead> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Option<String>, NotRead> {
        Ok(None)
    }

    give_default! {
        serialize_bool(bool); serialize_i8(i8); serialize_i16(i16); serialize_i32(i32);
        serialize_i64(i64); serialize_u8(u8); serialize_u16(u16); serialize_u32(u32);
        serialize_u64(u64); serialize_f32(f32); serialize_f64(f64);
        serialize_bytes(&[u8]); serialize_none(); serialize_unit();
        serialize_unit_struct(&'static str);
    }

    no_compounds! {
        serialize_seq(Option<usize>) -> SerializeSeq;
        serialize_tuple(usize) -> SerializeTuple;
        serialize_tuple_struct(&'static str, usize) -> SerializeTupleStruct;
        serialize_tuple_variant(&'static str, u32, &'static str, usize) -> SerializeTupleVariant;
        serialize_map(Option<usize>) -> SerializeMap;
        serialize_struct(&'static str, usize) -> SerializeStruct;
        serialize_struct_variant(&'static str, u32, &'static str, usize) -> SerializeStructVariant;
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Serialize;
    use serde_json::Value;

    /// What reading the entry's JSON value gives: the rule this module must agree with.
    fn through_json<T: Serialize>(entry: &T) -> [Option<String>; 4] {
        let value = serde_json::to_value(entry).unwrap();
        SECRET_CONFIG_KEYS.map(|key| match value.get(key) {
            Some(Value::String(text)) => Some(text.clone()),
            _ => None,
        })
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Tuple(u8),
    }

    #[derive(Serialize)]
    struct Wrapped(String);

    #[derive(Serialize)]
    struct Entry {
        business_id: u32,
        app_key: String,
        #[serde(skip_serializing_if = "Option::is_none")]
        app_secret: Option<String>,
        master_secret: Option<Wrapped>,
        client_secret: Kind,
        other: Vec<String>,
    }

    #[derive(Serialize)]
    struct Odd {
        app_key: u64,
        app_secret: Kind,
        master_secret: char,
        client_secret: Option<Vec<String>>,
    }

    #[test]
    fn reads_what_the_json_value_holds_as_strings() {
        let full = Entry {
            business_id: 7,
            app_key: "key-123456".into(),
            app_secret: Some("secret-abcdef".into()),
            master_secret: Some(Wrapped("master-xyz".into())),
            client_secret: Kind::Plain,
            other: vec!["app_key".into()],
        };
        assert_eq!(
            secret_fields(&full),
            [
                Some("key-123456".to_string()),
                Some("secret-abcdef".to_string()),
                Some("master-xyz".to_string()),
                Some("plain".to_string()),
            ]
        );
        let sparse = Entry {
            app_secret: None,
            master_secret: None,
            client_secret: Kind::Tuple(1),
            ..full
        };
        let odd = Odd {
            app_key: 5,
            app_secret: Kind::Tuple(2),
            master_secret: 'x',
            client_secret: Some(vec!["s".into()]),
        };
        assert_eq!(secret_fields(&sparse), through_json(&sparse));
        assert_eq!(secret_fields(&odd), through_json(&odd));
        let map: std::collections::BTreeMap<&str, &str> =
            [("app_key", "from-a-map"), ("vendor", "x")].into();
        assert_eq!(secret_fields(&map), through_json(&map));
        assert_eq!(secret_fields(&"just text"), [None, None, None, None]);
    }
}
