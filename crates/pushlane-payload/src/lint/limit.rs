//! [`LengthLimit`]: a vendor's documented limit on the title or body, checked the way that
//! vendor counts (characters, bytes, or width with CJK characters counted twice). Vendor
//! crates declare their limits as data, with the source next to each number, and share this
//! one check.

use super::{Finding, Push};

/// Which text a limit applies to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    /// The notification title ([`Push::title`]).
    Title,
    /// The notification body ([`Push::desc`]).
    Desc,
}

/// How a vendor counts the length of a text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unit {
    /// Unicode characters: a Chinese and an English character count one each.
    Chars,
    /// UTF-8 bytes.
    Bytes,
    /// A Chinese (CJK, full-width) character counts two, any other character one.
    Width,
}

impl Unit {
    /// The length of `text` in this unit.
    pub fn count(self, text: &str) -> usize {
        match self {
            Unit::Chars => text.chars().count(),
            Unit::Bytes => text.len(),
            Unit::Width => text.chars().map(|c| if is_wide(c) { 2 } else { 1 }).sum(),
        }
    }

    fn name(self) -> &'static str {
        match self {
            Unit::Chars => "characters",
            Unit::Bytes => "bytes",
            Unit::Width => "width units (a Chinese character counts 2)",
        }
    }
}

/// CJK ideographs, kana, Hangul and full-width forms.
fn is_wide(c: char) -> bool {
    matches!(c as u32,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD)
}

/// A documented maximum length of a push's title or body on one vendor's channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LengthLimit {
    pub field: Field,
    pub max: usize,
    pub unit: Unit,
    /// What the vendor does with a longer text, for the finding's `why` ("refuses the push",
    /// "truncates it").
    pub effect: &'static str,
}

impl LengthLimit {
    /// The most common limit: at most `max` characters, and the vendor refuses a longer text.
    pub const fn chars_refused(field: Field, max: usize) -> LengthLimit {
        LengthLimit {
            field,
            max,
            unit: Unit::Chars,
            effect: "refuses the push",
        }
    }

    /// `title_too_long` / `desc_too_long` when the push's text is over the limit. A body the
    /// server cannot produce (custom without `desc`) is another rule's finding.
    pub fn check(
        &self,
        vendor: &'static str,
        push: &Push<'_>,
        severity: super::Severity,
        findings: &mut Vec<Finding>,
    ) {
        let (code, name, text) = match self.field {
            Field::Title => ("title_too_long", "title", Some(push.title())),
            Field::Desc => ("desc_too_long", "desc", push.desc()),
        };
        let Some(text) = text else { return };
        let length = self.unit.count(text);
        if length <= self.max {
            return;
        }
        findings.push(
            super::finding::FindingBuilder::new(code, severity, Some(vendor))
                .why(format!(
                    "the {name} is {length} {unit}; {vendor} allows {max} and {effect}",
                    unit = self.unit.name(),
                    max = self.max,
                    effect = self.effect,
                ))
                .fix(format!(
                    "shorten the {name} to at most {} {} for {vendor}",
                    self.max,
                    self.unit.name()
                )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_count_as_the_vendors_do() {
        assert_eq!(Unit::Chars.count("你好ab"), 4);
        assert_eq!(Unit::Bytes.count("你好ab"), 8);
        assert_eq!(Unit::Width.count("你好ab"), 6);
        assert_eq!(Unit::Width.count("ｈｉ"), 4);
    }
}
