//! A bounded memory of ids: the last `capacity` distinct ids taken, the oldest forgotten
//! first. The duplicate rules of clicks (lifecycle.md §8) and local notifications (§9) use
//! it, so memory stays bounded however long the process lives (docs/lifecycle.md, "Decision:
//! how long duplicates are remembered").

use std::collections::{BTreeSet, VecDeque};
use std::sync::Arc;

#[derive(Debug)]
pub(super) struct RecentIds {
    capacity: usize,
    /// Oldest first.
    order: VecDeque<Arc<str>>,
    ids: BTreeSet<Arc<str>>,
}

impl RecentIds {
    pub fn new(capacity: usize) -> Self {
        RecentIds {
            capacity: capacity.max(1),
            order: VecDeque::new(),
            ids: BTreeSet::new(),
        }
    }

    pub fn contains(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    /// Remembers `id` (nothing if it is remembered already), forgetting the oldest id when
    /// full.
    pub fn insert(&mut self, id: &str) {
        if self.contains(id) {
            return;
        }
        if self.order.len() >= self.capacity {
            if let Some(oldest) = self.order.pop_front() {
                self.ids.remove(&oldest);
            }
        }
        let id: Arc<str> = Arc::from(id);
        self.order.push_back(id.clone());
        self.ids.insert(id);
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.order.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_ids_and_forgets_the_oldest_first() {
        let mut recent = RecentIds::new(3);
        for id in ["a", "b", "c", "b"] {
            recent.insert(id);
        }
        assert_eq!(recent.len(), 3);
        recent.insert("d");
        assert!(!recent.contains("a"), "the oldest is forgotten");
        assert!(recent.contains("b") && recent.contains("c") && recent.contains("d"));
        for n in 0..100 {
            recent.insert(&n.to_string());
        }
        assert_eq!(recent.len(), 3);
        assert!(recent.contains("99") && !recent.contains("96"));
    }
}
