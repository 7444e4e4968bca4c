//! "Did you mean …?": the closest known name to a misspelt one, for the messages of `simulate`
//! and `doctor`.

/// The candidate closest to `word` (ignoring case), if it is close enough to be a plausible
/// typo: at most a third of the longer name's length away, and 2 for short names. Distances
/// count insertions, deletions, substitutions and swaps of neighbours (`lgoin` → `login` is 1).
/// A candidate equal to `word` is not a suggestion; ties go to the first candidate.
pub fn suggest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let lowered = word.to_lowercase();
    candidates
        .into_iter()
        .filter(|candidate| *candidate != word)
        .map(|candidate| {
            let distance = strsim::osa_distance(&lowered, &candidate.to_lowercase());
            let longer = word.chars().count().max(candidate.chars().count());
            (distance, (longer / 3).max(2), candidate)
        })
        .filter(|(distance, limit, _)| distance <= limit)
        .min_by_key(|(distance, _, _)| *distance)
        .map(|(_, _, candidate)| candidate)
}

#[cfg(test)]
mod tests {
    use super::*;
    use pushlane::Input;

    #[test]
    fn typos_of_input_names_are_caught() {
        let kinds = Input::KINDS.iter().copied();
        assert_eq!(suggest("lgoin", kinds.clone()), Some("login"));
        assert_eq!(suggest("plugin_int", kinds.clone()), Some("plugin_init"));
        assert_eq!(suggest("vendor_tokne", kinds.clone()), Some("vendor_token"));
        assert_eq!(suggest("zzzzzzzz", kinds), None);
    }

    #[test]
    fn typos_of_keys_and_vendors_are_caught_and_case_is_ignored() {
        let keys = ["channel_id", "channel_name", "app_key"];
        assert_eq!(suggest("chanel_id", keys), Some("channel_id"));
        assert_eq!(suggest("app_kye", keys), Some("app_key"));
        assert_eq!(suggest("Channel_ID", keys), Some("channel_id"));
        assert_eq!(suggest("totally_else", keys), None);
        assert_eq!(suggest("huwei", ["huawei", "honor"]), Some("huawei"));
        assert_eq!(suggest("Huawei", ["huawei", "honor"]), Some("huawei"));
        assert_eq!(suggest("edtion", ["edition", "vendors"]), Some("edition"));
    }

    #[test]
    fn the_word_itself_and_far_names_are_not_suggestions() {
        assert_eq!(suggest("login", ["login"]), None);
        assert_eq!(
            suggest("samsung", ["huawei", "honor", "xiaomi", "oppo"]),
            None
        );
        // Short names: two edits at most.
        assert_eq!(suggest("fmc", ["fcm"]), Some("fcm"));
        assert_eq!(suggest("xyz", ["fcm"]), None);
    }

    #[test]
    fn the_closest_wins_and_ties_go_to_the_first() {
        assert_eq!(suggest("hnoor", ["honour", "honor"]), Some("honor"));
        assert_eq!(suggest("cat", ["bat", "hat"]), Some("bat"));
    }
}
