//! The worker's storage held in memory, as IndexedDB holds it in the browser: for native tests
//! and tools. Clones share the data (a clone is the same database opened again), and writes can
//! be made to fail, to check what the worker does then.

use super::store::{Store, StoreError};
use crate::app::{Changes, TabRecord};
use crate::book::{LeadBook, SavedIndex};
use crate::crm::PullCursor;
use crate::messages::TabId;
use crate::model::{CallTask, Lead, LeadId};
use crate::outbox::{self, CrmLink, Entry};
use crate::plan::{PlanSettings, SuppressionList};
use chrono::{DateTime, Utc};
use std::cell::RefCell;
use std::collections::{BTreeMap, BTreeSet};
use std::future::{ready, Ready};
use std::ops::Bound;
use std::rc::Rc;

/// What is stored, by the keys IndexedDB uses.
#[derive(Default)]
struct Data {
    leads: BTreeMap<LeadId, Lead>,
    tasks: BTreeMap<String, CallTask>,
    tabs: BTreeMap<TabId, TabRecord>,
    outbox: BTreeMap<String, Entry>,
    links: BTreeMap<LeadId, CrmLink>,
    journal: BTreeSet<LeadId>,
    index: Option<SavedIndex>,
    suppression: Option<SuppressionList>,
    settings: Option<PlanSettings>,
    review: Option<Vec<LeadId>>,
    pull_cursor: Option<PullCursor>,
    retention_applied_at: Option<DateTime<Utc>>,
    /// Writes still to fail.
    failing: usize,
    /// Leads read by id or in chunks.
    leads_read: usize,
}

#[derive(Clone, Default)]
pub struct MemoryStore {
    data: Rc<RefCell<Data>>,
}

impl MemoryStore {
    pub fn new() -> MemoryStore {
        MemoryStore::default()
    }

    /// The next `writes` writes fail (as an aborted transaction does) and change nothing.
    pub fn fail_writes(&self, writes: usize) {
        self.data.borrow_mut().failing = writes;
    }

    /// Leads read so far, by id or in chunks.
    pub fn leads_read(&self) -> usize {
        self.data.borrow().leads_read
    }

    pub fn leads(&self) -> Vec<Lead> {
        self.data.borrow().leads.values().cloned().collect()
    }

    pub fn journal(&self) -> Vec<LeadId> {
        self.data.borrow().journal.iter().cloned().collect()
    }

    pub fn saved_index_now(&self) -> Option<SavedIndex> {
        self.data.borrow().index.clone()
    }

    pub fn outbox_entries(&self) -> Vec<Entry> {
        self.data.borrow().outbox.values().cloned().collect()
    }

    pub fn tabs_now(&self) -> Vec<TabRecord> {
        self.data.borrow().tabs.values().cloned().collect()
    }

    /// Runs a write unless it is to fail.
    fn write(&self, apply: impl FnOnce(&mut Data)) -> Result<(), StoreError> {
        let mut data = self.data.borrow_mut();
        if data.failing > 0 {
            data.failing -= 1;
            return Err(StoreError::Aborted);
        }
        apply(&mut data);
        Ok(())
    }
}

fn put_outbox(data: &mut Data, changes: &outbox::OutboxChanges) {
    for entry in &changes.entries {
        data.outbox.insert(entry.key.0.clone(), entry.clone());
    }
    for link in &changes.links {
        data.links.insert(link.lead.clone(), link.clone());
    }
    for key in &changes.removed {
        data.outbox.remove(&key.0);
    }
    for lead in &changes.unlinked {
        data.links.remove(lead);
    }
}

impl Store for MemoryStore {
    async fn tasks(&self) -> Result<Vec<CallTask>, StoreError> {
        Ok(self.data.borrow().tasks.values().cloned().collect())
    }

    async fn tabs(&self) -> Result<Vec<TabRecord>, StoreError> {
        Ok(self.tabs_now())
    }

    async fn saved_index(&self) -> Option<SavedIndex> {
        self.saved_index_now()
    }

    async fn reindex_journal(&self) -> Result<Vec<LeadId>, StoreError> {
        Ok(self.journal())
    }

    async fn read_chunk(
        &self,
        after: Option<&LeadId>,
        limit: usize,
    ) -> Result<(Vec<Lead>, Option<LeadId>), StoreError> {
        let mut data = self.data.borrow_mut();
        let from = after.map_or(Bound::Unbounded, Bound::Excluded);
        let leads: Vec<Lead> = data.leads.range((from, Bound::Unbounded)).take(limit).map(|(_, l)| l.clone()).collect();
        data.leads_read += leads.len();
        let last = leads.last().map(|l| l.id.clone());
        Ok((leads, last))
    }

    async fn read_leads(&self, ids: &[LeadId]) -> Result<Vec<Lead>, StoreError> {
        let mut data = self.data.borrow_mut();
        let leads: Vec<Lead> = ids.iter().filter_map(|id| data.leads.get(id).cloned()).collect();
        data.leads_read += leads.len();
        Ok(leads)
    }

    async fn suppression(&self) -> Result<Option<SuppressionList>, StoreError> {
        Ok(self.data.borrow().suppression.clone())
    }

    async fn settings(&self) -> Result<Option<PlanSettings>, StoreError> {
        Ok(self.data.borrow().settings.clone())
    }

    async fn review(&self) -> Result<Option<Vec<LeadId>>, StoreError> {
        Ok(self.data.borrow().review.clone())
    }

    async fn retention_applied_at(&self) -> Result<Option<DateTime<Utc>>, StoreError> {
        Ok(self.data.borrow().retention_applied_at)
    }

    async fn set_retention_applied(&self, at: DateTime<Utc>) -> Result<(), StoreError> {
        self.write(|d| d.retention_applied_at = Some(at))
    }

    async fn pull_cursor(&self) -> Result<Option<PullCursor>, StoreError> {
        Ok(self.data.borrow().pull_cursor.clone())
    }

    async fn outbox(&self) -> Result<(Vec<Entry>, Vec<CrmLink>), StoreError> {
        let data = self.data.borrow();
        Ok((data.outbox.values().cloned().collect(), data.links.values().cloned().collect()))
    }

    async fn persist(
        &self,
        changes: &Changes,
        queued: &outbox::OutboxChanges,
        cursor: Option<&PullCursor>,
    ) -> Result<(), StoreError> {
        self.write(|d| {
            if changes.wiped {
                // Every store, the lists (the saved index among them) too.
                *d = Data { failing: d.failing, leads_read: d.leads_read, ..Data::default() };
            }
            if let Some(list) = &changes.suppression {
                d.suppression = Some(list.clone());
            }
            if let Some(cursor) = cursor {
                d.pull_cursor = Some(cursor.clone());
            }
            if let Some(settings) = &changes.settings {
                d.settings = Some(settings.clone());
            }
            if let Some(review) = &changes.review {
                d.review = Some(review.clone());
            }
            for lead in &changes.leads {
                d.leads.insert(lead.id.clone(), lead.clone());
                d.journal.insert(lead.id.clone());
            }
            for task in &changes.tasks {
                d.tasks.insert(task.id.to_string(), task.clone());
            }
            for tab in &changes.tabs {
                d.tabs.insert(tab.tab_id, tab.clone());
            }
            for tab_id in &changes.closed_tabs {
                d.tabs.remove(tab_id);
            }
            for id in &changes.forgotten_leads {
                d.leads.remove(id);
                d.journal.insert(id.clone());
            }
            for id in &changes.forgotten_tasks {
                d.tasks.remove(&id.to_string());
            }
            put_outbox(d, queued);
        })
    }

    async fn persist_outbox(&self, changes: &outbox::OutboxChanges) -> Result<(), StoreError> {
        if changes.is_empty() {
            return Ok(());
        }
        self.write(|d| put_outbox(d, changes))
    }

    type Saving = Ready<Result<(), StoreError>>;

    fn save_index(&self, book: &LeadBook) -> Self::Saving {
        // Written at once: a later write cannot come before it.
        ready(self.write(|d| {
            d.index = Some(book.saved_index());
            d.journal.clear();
        }))
    }
}
