//! The upload the machine's state asks for, borrowed from that state: every input compares it
//! with the stored records (for the `token` region's state and the upload decision) without
//! copying a string; it becomes an owned [`UploadRecord`] only when an upload goes out.

use crate::persist::UploadRecord;

/// (user, vendor, business id, token) as an upload now would put them on the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct WantedUpload<'a> {
    pub user_id: &'a str,
    pub vendor: &'a str,
    pub business_id: u32,
    pub token: &'a str,
}

impl WantedUpload<'_> {
    /// Whether `record` is this upload.
    pub fn is(&self, record: &UploadRecord) -> bool {
        record.user_id == self.user_id
            && record.vendor == self.vendor
            && record.business_id == self.business_id
            && record.token == self.token
    }

    pub fn to_record(self) -> UploadRecord {
        UploadRecord {
            user_id: self.user_id.to_string(),
            vendor: self.vendor.to_string(),
            business_id: self.business_id,
            token: self.token.to_string(),
        }
    }
}
