//! What the worker keeps between starts, as one trait: what one call writes lands whole or not
//! at all (one IndexedDB transaction in the browser).

use crate::app::{Changes, TabRecord};
use crate::book::{LeadBook, SavedIndex};
use crate::crm::PullCursor;
use crate::model::{CallTask, Lead, LeadId};
use crate::outbox::{self, CrmLink, Entry};
use crate::plan::{PlanSettings, SuppressionList};
use chrono::{DateTime, Utc};
use std::fmt;
use std::future::Future;

/// Why storage failed, in words a rep can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StoreError {
    /// The database could not be opened.
    Open(String),
    /// `what` could not be read.
    Read { what: &'static str, detail: String },
    /// A write failed.
    Save(String),
    /// The outbox's part of a write failed.
    SaveOutbox(String),
    /// The browser aborted a write (storage full, the database closed).
    Aborted,
    /// The match index could not be put together for saving.
    Index(String),
}

impl StoreError {
    pub fn read(what: &'static str, detail: impl fmt::Display) -> StoreError {
        StoreError::Read { what, detail: detail.to_string() }
    }
}

impl fmt::Display for StoreError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StoreError::Open(e) => write!(f, "cannot open the local lead book: {e}"),
            StoreError::Read { what, detail } => write!(f, "cannot read {what}: {detail}"),
            StoreError::Save(e) => write!(f, "cannot save: {e}"),
            StoreError::SaveOutbox(e) => write!(f, "cannot save the CRM outbox: {e}"),
            StoreError::Aborted => f.write_str("cannot save: the browser aborted the write"),
            StoreError::Index(e) => f.write_str(e),
        }
    }
}

impl std::error::Error for StoreError {}

/// The worker's storage. Leads are read by id or in key order, a chunk at a time, never all at
/// once; every lead written or deleted is noted in a journal in the same write, and the next
/// start indexes those again unless the match index was saved since.
// Used generically only, and Wasm is single-threaded: the futures need not be `Send`.
#[allow(async_fn_in_trait)]
pub trait Store {
    async fn tasks(&self) -> Result<Vec<CallTask>, StoreError>;
    async fn tabs(&self) -> Result<Vec<TabRecord>, StoreError>;
    /// The saved match index, if there is one this build can read (anything else is rebuilt
    /// from the leads).
    async fn saved_index(&self) -> Option<SavedIndex>;
    /// The leads written or deleted since the match index was saved.
    async fn reindex_journal(&self) -> Result<Vec<LeadId>, StoreError>;
    /// The next `limit` leads in key order after `after`, and the last key read (`None` at the
    /// end). A record this version cannot read is skipped, not allowed to block the whole book.
    async fn read_chunk(&self, after: Option<&LeadId>, limit: usize)
        -> Result<(Vec<Lead>, Option<LeadId>), StoreError>;
    /// The leads asked for, as stored (a lead deleted since is not there).
    async fn read_leads(&self, ids: &[LeadId]) -> Result<Vec<Lead>, StoreError>;
    async fn suppression(&self) -> Result<Option<SuppressionList>, StoreError>;
    async fn settings(&self) -> Result<Option<PlanSettings>, StoreError>;
    /// Leads made by visiting alone, as the daily walk last found them.
    async fn review(&self) -> Result<Option<Vec<LeadId>>, StoreError>;
    /// When the retention was last applied to every lead.
    async fn retention_applied_at(&self) -> Result<Option<DateTime<Utc>>, StoreError>;
    async fn set_retention_applied(&self, at: DateTime<Utc>) -> Result<(), StoreError>;
    /// Where the next pull from the CRM resumes (nothing pulled yet: `None`).
    async fn pull_cursor(&self) -> Result<Option<PullCursor>, StoreError>;
    /// The outbox's entries and the leads' CRM ids.
    async fn outbox(&self) -> Result<(Vec<Entry>, Vec<CrmLink>), StoreError>;
    /// Writes every changed record, the outbox changes they brought, and where the next pull
    /// resumes, in one write: all of it lands, or none. A wipe empties everything first. Every
    /// lead written or deleted goes in the journal.
    async fn persist(
        &self,
        changes: &Changes,
        outbox: &outbox::OutboxChanges,
        cursor: Option<&PullCursor>,
    ) -> Result<(), StoreError>;
    /// Writes outbox changes alone (a send begun or finished); nothing to write is no write.
    async fn persist_outbox(&self, changes: &outbox::OutboxChanges) -> Result<(), StoreError>;
    /// Saves the book's match index and empties the journal in one write, begun before this returns: a
    /// write begun later (its leads not in this index) is ordered after it, so its journal
    /// entries stay. The future tells how the write ended.
    fn save_index(&self, book: &LeadBook) -> Self::Saving;
    /// A write begun by [`Store::save_index`]: it owns what it needs.
    type Saving: Future<Output = Result<(), StoreError>> + 'static;
}
