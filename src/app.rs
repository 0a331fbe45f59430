//! The extension's state machine, free of any browser API: a request and the moment it arrives go
//! in; a response and the records to persist come out. The service worker loads the state from
//! IndexedDB, reads the leads a request wants ([`App::prepare`], [`App::wanted`]), calls
//! [`App::run`] and writes [`Changes`] back; native tests drive the same code ([`App::handle`]).

use crate::book::csv_import::{read_table, Columns, LeadFileError, Table};
use crate::book::{export_csv, Filed, LeadBook, Mark};
use crate::capture::{capture, Capture, Markup, Page};
use crate::engagement::{report, OurPages};
use crate::matching::{Candidate, MatchOutcome};
use crate::messages::{
    CallListItem, EngagementSummary, LeadCard, PendingView, Request, Response, SearchHit, TabId, TabPerson, TabView,
    UnsavedView,
};
use crate::model::{AddedBy, CallTask, Contact, EngagementKind, Event, Lead, LeadId, Outcome, Qualification, TaskId};
use crate::normalize::{Email, SocialProfile};
use crate::plan::{
    call_order, cleanup_csv, cleanup_list, made_by_visiting, review_list, score, talking_points, PlanError,
    PlanSettings, Planner, Retention, SuppressionImportError, SuppressionList,
};
use crate::reading::{site_of, SiteRule, SiteRules};
use crate::text::fold;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Most people on a page for its visit to count for each: a profile or a small team page is
/// research on those leads, a directory is not.
const MAX_VISITED: usize = 25;

/// What was captured on a tab, as stored: the leads it showed (and whether each was one before),
/// and the people it showed who are no lead. Kept per tab, dropped with the retention.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TabRecord {
    pub tab_id: TabId,
    pub url: String,
    pub captured_at: DateTime<Utc>,
    pub organization: Option<String>,
    pub people: Vec<(LeadId, MatchOutcome)>,
    /// People the matcher could not place alone: the rep picks.
    #[serde(default)]
    pub pending: Vec<Pending>,
    /// People who are no lead: a lead only when the rep saves them, or a rule they set does.
    #[serde(default)]
    pub unsaved: Vec<Unsaved>,
    pub notes: Vec<String>,
    #[serde(default)]
    pub engagement: Option<EngagementSummary>,
}

impl TabRecord {
    /// The capture the tab's people came from, as their values' provenance.
    fn source(&self) -> Capture {
        Capture {
            url: self.url.clone(),
            captured_at: self.captured_at,
            contacts: vec![],
            organization: None,
            engagements: vec![],
            vcard_links: vec![],
            notes: vec![],
        }
    }
}

/// A captured person who is no lead, with what they did with our content on the page (kept on
/// the lead if they are saved).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Unsaved {
    pub contact: Contact,
    #[serde(default)]
    pub events: Vec<Event>,
    /// Names the person on the tab: what they are (the contact's fingerprint), not where they
    /// are in a list that changes.
    pub key: String,
}

impl Unsaved {
    fn new(contact: &Contact) -> Unsaved {
        Unsaved { key: crate::book::fingerprint(contact), contact: contact.clone(), events: Vec::new() }
    }

    /// The lead they would be, with what they did here (its id empty: they are none yet).
    fn as_lead(&self, source: &Capture) -> Lead {
        let mut lead = Lead::from_contact(LeadId::from(String::new()), &self.contact, source);
        lead.engagement.clone_from(&self.events);
        lead
    }
}

/// Where a captured contact went.
enum Spot {
    /// A lead (and whether it was one before this page).
    Lead(LeadId, bool),
    /// The `n`th of the tab's unsaved people.
    Unsaved(usize),
    /// A question for the rep.
    Pending,
}

/// A captured person who may be one of several leads.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Pending {
    pub contact: Contact,
    pub candidates: Vec<Candidate>,
}

/// Most leads a search shows.
const SEARCH_HITS: usize = 20;
/// Leads per stretch of a walk through the whole book (an export part, the retention): a
/// million-lead book is walked without ever being in memory whole, each part a message of a few MB.
const STRETCH: usize = 2_000;

/// A request ready to run, its page (if any) captured already: what it reads of the lead book can
/// be told before it runs ([`App::wanted`]), so that a book opened from its saved index reads
/// those leads first.
#[derive(Debug)]
pub enum Prepared {
    Page(Box<Capture>),
    Request(Request),
}

/// Records a request changed, for the shell to persist.
#[derive(Debug, Default, PartialEq)]
pub struct Changes {
    pub leads: Vec<Lead>,
    pub tasks: Vec<CallTask>,
    pub tabs: Vec<TabRecord>,
    pub closed_tabs: Vec<TabId>,
    /// Leads and tasks deleted (a person forgotten).
    pub forgotten_leads: Vec<LeadId>,
    pub forgotten_tasks: Vec<TaskId>,
    /// The whole do-not-call list, when it changed.
    pub suppression: Option<SuppressionList>,
    /// The planning settings, when they changed.
    pub settings: Option<PlanSettings>,
    /// Engagement with our content seen for the first time, for the CRM's timeline.
    pub engagements: Vec<(LeadId, Event)>,
    /// Leads made by visiting alone, for the rep to keep or drop, when the list changed.
    pub review: Option<Vec<LeadId>>,
    /// Everything was deleted: the stores are emptied before anything else is written.
    pub wiped: bool,
}

impl Changes {
    pub fn is_empty(&self) -> bool {
        self.leads.is_empty()
            && self.tasks.is_empty()
            && self.tabs.is_empty()
            && self.closed_tabs.is_empty()
            && self.forgotten_leads.is_empty()
            && self.forgotten_tasks.is_empty()
            && self.suppression.is_none()
            && self.settings.is_none()
            && self.engagements.is_empty()
            && self.review.is_none()
            && !self.wiped
    }
}

/// What the browser tells about a request besides the request itself.
#[derive(Clone, Debug)]
pub struct Context {
    pub now: DateTime<Utc>,
    /// The rep's offset from UTC in minutes, east positive.
    pub rep_offset_minutes: i32,
    /// The sending tab and its URL, for requests from a content script.
    pub tab: Option<(TabId, String)>,
}

/// Why a request could not be done, in words a rep can act on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum AppError {
    UnknownLead(LeadId),
    NothingCaptured,
    /// The page's site is on the never-read list, or paused.
    NotRead,
    /// The person is no longer unsaved on the tab (saved already, or the tab was read again).
    NotOnTab,
    /// Saving found the person may be one of several leads: the rep picks first.
    PickFirst(String),
    NobodyPointedAt {
        people: usize,
    },
    NoTab,
    NothingToResolve,
    UnknownTask(TaskId),
    Plan(PlanError),
    Import(SuppressionImportError),
    LeadFile(LeadFileError),
}

impl fmt::Display for AppError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            AppError::UnknownLead(id) => write!(f, "Lead {id} is no longer in the lead book; reload the page to capture it again."),
            AppError::NothingCaptured => f.write_str("No person was found on this page yet. Reload it, or open a profile or team page."),
            AppError::NotRead => f.write_str("Leadlens does not read this site: it is paused, or on the never-read list in Options."),
            AppError::NotOnTab => f.write_str("That person is no longer waiting to be saved on this tab: reload the panel."),
            AppError::PickFirst(name) => write!(f, "{name} may be a lead already: say who under \"Already a lead?\" first."),
            AppError::NobodyPointedAt { people } => write!(
                f,
                "This page shows {people} people: right-click a person's link or select their name, then choose \"Add to call list\"."
            ),
            AppError::NoTab => f.write_str("This message must come from a browser tab."),
            AppError::NothingToResolve => f.write_str("That question was already answered; reload the page to see who is on it."),
            AppError::UnknownTask(id) => write!(f, "Call {id} is no longer on the call list: reload it."),
            AppError::Plan(e) => e.fmt(f),
            AppError::Import(e) => e.fmt(f),
            AppError::LeadFile(e) => write!(f, "Lead file not imported: {e}."),
        }
    }
}

#[derive(Debug, Default)]
pub struct App {
    book: LeadBook,
    tasks: Vec<CallTask>,
    /// By tab, in order: what a request writes back does not depend on a hash.
    tabs: BTreeMap<TabId, TabRecord>,
    settings: PlanSettings,
    suppression: SuppressionList,
    /// Leads made by visiting alone (found by the daily walk), for the rep to keep or drop.
    review: Vec<LeadId>,
}

impl App {
    pub fn new(leads: Vec<Lead>, tasks: Vec<CallTask>, tabs: Vec<TabRecord>) -> App {
        App::from_book(LeadBook::from_leads(leads), tasks, tabs)
    }

    /// With a lead book opened otherwise (from its saved index).
    pub fn from_book(book: LeadBook, tasks: Vec<CallTask>, tabs: Vec<TabRecord>) -> App {
        App {
            book,
            tasks,
            tabs: tabs.into_iter().map(|t| (t.tab_id, t)).collect(),
            settings: PlanSettings::default(),
            suppression: SuppressionList::default(),
            review: Vec::new(),
        }
    }

    /// The do-not-call list as stored.
    pub fn with_suppression(mut self, list: SuppressionList) -> App {
        self.suppression = list;
        self
    }

    /// The planning settings as stored.
    pub fn with_settings(mut self, settings: PlanSettings) -> App {
        self.settings = settings;
        self
    }

    /// The leads to review as stored.
    pub fn with_review(mut self, review: Vec<LeadId>) -> App {
        self.review = review;
        self
    }

    /// Which sites are read, and where everyone opened is saved.
    pub fn sites(&self) -> &SiteRules {
        &self.settings.sites
    }

    fn planner(&self, ctx: &Context) -> Planner<'_> {
        Planner { settings: &self.settings, suppression: &self.suppression, rep_offset_minutes: ctx.rep_offset_minutes }
    }

    pub fn book(&self) -> &LeadBook {
        &self.book
    }

    /// For the shell, to put in memory the leads a job wants (see [`LeadBook::supply`]).
    pub fn book_mut(&mut self) -> &mut LeadBook {
        &mut self.book
    }

    pub fn tasks(&self) -> &[CallTask] {
        &self.tasks
    }

    /// Contacts from elsewhere than a page (leads pulled from the CRM), filed through the matcher
    /// as captured ones are: each one's lead, or `None` where the rep must pick between leads.
    pub fn file(&mut self, contacts: &[Contact], source: &Capture) -> (Vec<Option<LeadId>>, Changes) {
        let mut changes = Changes::default();
        let ids = contacts
            .iter()
            .map(|contact| {
                let Filed { lead, changed, .. } = self.book.upsert(contact, source, AddedBy::Crm);
                if let Some(id) = lead.as_ref().filter(|_| changed) {
                    self.persist(id, &mut changes);
                }
                lead
            })
            .collect();
        (ids, changes)
    }

    pub fn handle(&mut self, request: Request, ctx: &Context) -> (Response, Changes) {
        let job = App::prepare(request, ctx);
        self.run(job, ctx)
    }

    /// Captures the request's page, if it has one (which takes no state).
    pub fn prepare(request: Request, ctx: &Context) -> Prepared {
        match (request, &ctx.tab) {
            (Request::Page { html, truncated, vcards, .. }, Some((_, url))) => {
                let page = Page { html: &html, markup: Markup::Serialized, url, vcards: &vcards, region: None };
                let mut capture = capture(&page, ctx.now);
                if truncated {
                    capture.notes.push("The page was too large to send whole: only its beginning was read.".into());
                }
                Prepared::Page(Box::new(capture))
            }
            (request, _) => Prepared::Request(request),
        }
    }

    /// The leads running `job` reads.
    pub fn wanted(&self, job: &Prepared) -> Vec<LeadId> {
        let tab = |tab_id: &TabId| self.tabs.get(tab_id).into_iter();
        match job {
            Prepared::Page(capture) => capture.contacts.iter().flat_map(|c| self.book.wanted_for(c)).collect(),
            Prepared::Request(request) => match request {
                Request::GetTab { tab_id } | Request::AddFromTab { tab_id, .. } | Request::AddAllFromTab { tab_id } => {
                    let saving = !matches!(request, Request::GetTab { .. });
                    tab(tab_id)
                        .flat_map(|t| {
                            let offered = t.pending.iter().flat_map(|p| &p.candidates).map(|c| c.lead.clone());
                            let leads = t.people.iter().map(|(id, _)| id.clone()).chain(offered);
                            // Saving someone files them again: the leads they may be are read.
                            let unsaved = t.unsaved.iter().filter(|_| saving);
                            leads.chain(unsaved.flat_map(|u| self.book.wanted_for(&u.contact))).collect::<Vec<_>>()
                        })
                        .collect()
                }
                Request::SaveFromTab { tab_id, key, .. } => tab(tab_id)
                    .flat_map(|t| t.unsaved.iter().filter(|u| &u.key == key))
                    .flat_map(|u| self.book.wanted_for(&u.contact))
                    .collect(),
                Request::ResolveMatch { tab_id, lead_id, .. } => tab(tab_id)
                    .flat_map(|t| t.pending.iter().flat_map(|p| &p.candidates).map(|c| &c.lead))
                    .chain(lead_id)
                    .cloned()
                    .collect(),
                Request::GetCallList => self.tasks.iter().filter(|t| t.is_open()).map(|t| t.lead.clone()).collect(),
                Request::LogOutcome { task_id, .. } => {
                    self.tasks.iter().filter(|t| &t.id == task_id).map(|t| t.lead.clone()).collect()
                }
                Request::AddToCallList { lead_id }
                | Request::ForgetLead { lead_id }
                | Request::KeepLead { lead_id }
                | Request::SetQualification { lead_id, .. } => vec![lead_id.clone()],
                Request::Search { query } => self.book.search(query, SEARCH_HITS).into_iter().map(|c| c.lead).collect(),
                Request::ImportLeads { csv, region, .. } => match lead_file(csv) {
                    Ok((table, columns)) => table
                        .rows
                        .iter()
                        .flat_map(|row| self.book.wanted_for(&columns.contact(row, region.as_deref()).0))
                        .collect(),
                    Err(_) => Vec::new(),
                },
                // A lead is flagged for clean-up only by a call's outcome, or by the daily walk.
                Request::GetCleanup | Request::ExportCleanupCsv => {
                    let flagged = self.tasks.iter().filter(|t| t.outcome.is_some()).map(|t| t.lead.clone());
                    flagged.chain(self.review.iter().cloned()).collect()
                }
                Request::GetEngagement => self.book.engaged().cloned().collect(),
                Request::ExportCsv { after } | Request::ExportAll { after } | Request::ApplyRetention { after } => {
                    self.book.stretch(after.as_ref(), STRETCH).leads
                }
                // Named one by one: a new request must say what it reads.
                Request::Page { .. }
                | Request::SetObjective { .. }
                | Request::TabClosed { .. }
                | Request::ImportSuppression { .. }
                | Request::GetPrivacy
                | Request::DeleteAllData
                | Request::SetRetention { .. }
                | Request::SetEngagement { .. }
                | Request::SetSiteRule { .. }
                | Request::GetSites
                | Request::SetSites { .. }
                | Request::SearchCrm { .. } => Vec::new(),
            },
        }
    }

    /// Runs a job: every lead [`App::wanted`] named must be in memory.
    pub fn run(&mut self, job: Prepared, ctx: &Context) -> (Response, Changes) {
        let mut changes = Changes::default();
        let request = match job {
            Prepared::Page(capture) => {
                let result = self.page(*capture, ctx, &mut changes);
                return (result.unwrap_or_else(|e| Response::Error { message: e.to_string() }), changes);
            }
            Prepared::Request(request) => request,
        };
        let result = match request {
            Request::Page { .. } => Err(AppError::NoTab),
            Request::GetTab { tab_id } => Ok(Response::Tab { view: self.tab_view(tab_id, ctx.now) }),
            Request::GetCallList => {
                Ok(Response::CallList { items: self.call_list(ctx), objective: self.settings.objective })
            }
            Request::SetObjective { objective } => {
                self.settings.objective = objective;
                changes.settings = Some(self.settings.clone());
                Ok(Response::Done)
            }
            Request::GetCleanup => Ok(Response::Cleanup {
                entries: cleanup_list(self.book.leads(), &self.tasks),
                review: review_list(self.review.iter().filter_map(|id| self.book.get(id))),
            }),
            Request::SaveFromTab { tab_id, key, call } => {
                // Someone who may not be called is not saved by a click meant to call them.
                let checked = if call { self.callable(tab_id, &key, ctx) } else { Ok(()) };
                checked.and_then(|()| self.save(tab_id, &key, AddedBy::Rep, &mut changes)).and_then(
                    |(lead_id, name)| match call {
                        true => self.add_to_call_list(&lead_id, ctx, &mut changes),
                        false => Ok(Response::Saved { lead_id, name }),
                    },
                )
            }
            Request::SetSiteRule { tab_id, rule } => self.set_site_rule(tab_id, rule, &mut changes),
            Request::GetSites => Ok(Response::Sites { lists: self.settings.sites.lists(), unread: Vec::new() }),
            Request::SetSites { never_read, paused, save_everyone } => {
                let lists = crate::reading::SiteLists { never_read, paused, save_everyone };
                let (rules, unread) = SiteRules::from_lists(&lists);
                self.settings.sites = rules;
                changes.settings = Some(self.settings.clone());
                Ok(Response::Sites { lists: self.settings.sites.lists(), unread })
            }
            Request::KeepLead { lead_id } => self.keep(&lead_id, &mut changes),
            Request::AddToCallList { lead_id } => self.add_to_call_list(&lead_id, ctx, &mut changes),
            Request::AddFromTab { tab_id, hints } => self
                .pick(tab_id, &hints)
                .and_then(|picked| match picked {
                    Picked::Lead(id) => Ok(id),
                    Picked::Unsaved(key) => {
                        self.callable(tab_id, &key, ctx)?;
                        self.save(tab_id, &key, AddedBy::Rep, &mut changes).map(|(id, _)| id)
                    }
                })
                .and_then(|lead| self.add_to_call_list(&lead, ctx, &mut changes)),
            Request::AddAllFromTab { tab_id } => self.add_all(tab_id, ctx, &mut changes),
            Request::ForgetLead { lead_id } => self.forget(&lead_id, &mut changes),
            Request::ResolveMatch { tab_id, person, lead_id } => {
                self.resolve(tab_id, person, lead_id.as_ref(), &mut changes)
            }
            Request::Search { query } => Ok(Response::Search { hits: self.search(&query, ctx.now) }),
            Request::ExportCsv { after } => {
                let stretch = self.book.stretch(after.as_ref(), STRETCH);
                let leads = stretch.leads.iter().filter_map(|id| self.book.get(id));
                Ok(Response::Part { text: export_csv(leads, &self.tasks, after.is_none()), next: stretch.next })
            }
            Request::LogOutcome { task_id, outcome, note, callback_at } => {
                self.log_outcome(&task_id, outcome, &note, callback_at, ctx, &mut changes)
            }
            Request::ImportSuppression { csv, region } => {
                self.suppression.import_csv(&csv, region.as_deref()).map_err(AppError::Import).map(|report| {
                    changes.suppression = Some(self.suppression.clone());
                    Response::SuppressionImported { report, listed: self.suppression.len() }
                })
            }
            Request::SetQualification { lead_id, qualification } => {
                self.set_qualification(&lead_id, qualification, ctx, &mut changes)
            }
            Request::ImportLeads { csv, name, region, line_offset } => {
                self.import_leads(&csv, &name, region.as_deref(), line_offset, ctx, &mut changes)
            }
            Request::GetPrivacy => Ok(Response::Privacy {
                retention_days: self.settings.retention.0,
                leads: self.book.len(),
                calls: self.tasks.len(),
                captures: self.tabs.len(),
            }),
            // The leads' visits go in a walk through the book that follows ([`Request::ApplyRetention`]).
            Request::SetRetention { days } => {
                self.settings.retention = Retention(days);
                changes.settings = Some(self.settings.clone());
                self.drop_old_tabs(ctx.now, &mut changes);
                Ok(Response::Done)
            }
            Request::ApplyRetention { after } => {
                if after.is_none() {
                    self.drop_old_tabs(ctx.now, &mut changes);
                }
                let stretch = self.book.stretch(after.as_ref(), STRETCH);
                self.drop_old_visits(&stretch.leads, ctx.now, &mut changes);
                self.find_visited_only(&stretch.leads, &mut changes);
                Ok(Response::Walked { next: stretch.next })
            }
            Request::ExportAll { after } => Ok(self.export_all(after.as_ref(), ctx.now)),
            Request::DeleteAllData => {
                *self = App::default();
                changes.wiped = true;
                Ok(Response::Deleted)
            }
            Request::GetEngagement => Ok(self.engagement_view()),
            Request::SetEngagement { ours, auto_add, daily_cap, meeting_value } => {
                let (ours, unread) = OurPages::parse(&ours);
                self.settings.engagement =
                    crate::engagement::EngagementSettings { ours, auto_add, daily_cap, meeting_value };
                changes.settings = Some(self.settings.clone());
                Ok(Response::EngagementSet { unread })
            }
            Request::ExportCleanupCsv => {
                Ok(Response::Csv { csv: cleanup_csv(&cleanup_list(self.book.leads(), &self.tasks)) })
            }
            Request::TabClosed { tab_id } => {
                if self.tabs.remove(&tab_id).is_some() {
                    changes.closed_tabs.push(tab_id);
                }
                Ok(Response::Done)
            }
            // The worker answers this itself when a CRM is set up; here there is none.
            Request::SearchCrm { .. } => Ok(Response::CrmSearch {
                crm: None,
                hits: Vec::new(),
                message: Some("No CRM is set up: only the lead book was searched.".into()),
            }),
        };
        (result.unwrap_or_else(|e| Response::Error { message: e.to_string() }), changes)
    }

    fn page(&mut self, capture: Capture, ctx: &Context, changes: &mut Changes) -> Result<Response, AppError> {
        let (tab_id, url) = ctx.tab.clone().ok_or(AppError::NoTab)?;
        if !self.settings.sites.reads(&url, None) {
            return Err(AppError::NotRead);
        }
        // Nobody becomes a lead by being seen, unless the rep set this site to save everyone.
        let save_all = self.settings.sites.saves_everyone(&url);
        let (mut people, mut pending, mut unsaved) = (Vec::new(), Vec::new(), Vec::<Unsaved>::new());
        let mut new_leads = 0;
        let mut spots = Vec::with_capacity(capture.contacts.len());
        for contact in &capture.contacts {
            let Filed { outcome, lead, changed } = match save_all {
                true => self.book.upsert(contact, &capture, AddedBy::SiteRule),
                false => self.book.enrich(contact, &capture),
            };
            let Some(id) = lead else {
                spots.push(match outcome {
                    MatchOutcome::Possible { candidates } => {
                        pending.push(Pending { contact: contact.clone(), candidates });
                        Spot::Pending
                    }
                    _ => {
                        let person = Unsaved::new(contact);
                        Spot::Unsaved(unsaved.iter().position(|u| u.key == person.key).unwrap_or_else(|| {
                            unsaved.push(person);
                            unsaved.len() - 1
                        }))
                    }
                });
                continue;
            };
            spots.push(Spot::Lead(id.clone(), outcome != MatchOutcome::New));
            new_leads += usize::from(outcome == MatchOutcome::New);
            if changed {
                self.persist(&id, changes);
            }
            if !people.iter().any(|(p, _)| *p == id) {
                people.push((id, outcome));
            }
        }
        let mut record = TabRecord {
            tab_id,
            url: crate::normalize::page_address(&url),
            captured_at: ctx.now,
            organization: capture.organization.as_ref().and_then(|o| o.name.as_ref()).map(|n| n.value.clone()),
            people,
            pending,
            unsaved,
            notes: Vec::new(),
            engagement: None,
        };
        let engagement = self.engage(&capture, &spots, &mut record, ctx, changes);
        let mut notes = capture.notes;
        if let Some(n) = engagement.as_ref().map(|e| e.not_ours).filter(|n| *n > 0) {
            notes.push(format!(
                "{n} engagements here are with content that is not ours, so they change no priority. \
                 Our pages are set under Engagement in the Lead book tab."
            ));
        }
        record.notes = notes;
        record.engagement = engagement;
        let count = record.people.len() + record.unsaved.len() + record.pending.len();
        self.tabs.insert(tab_id, record.clone());
        changes.tabs.push(record);
        Ok(Response::Captured { people: count, new_leads })
    }

    /// Keeps the page's engagement with our content (and the person's own posts) on the leads,
    /// and on the unsaved people until they are saved, or, on a page about a few leads, the rep's
    /// visit; re-scores the engaged leads' calls and lets the auto-add rule plan calls.
    fn engage(
        &mut self,
        capture: &Capture,
        spots: &[Spot],
        record: &mut TabRecord,
        ctx: &Context,
        changes: &mut Changes,
    ) -> Option<EngagementSummary> {
        let mut touched: Vec<LeadId> = Vec::new();
        if capture.engagements.is_empty() {
            let mut visited: Vec<(&LeadId, bool)> = spots
                .iter()
                .filter_map(|s| match s {
                    Spot::Lead(id, known) => Some((id, *known)),
                    _ => None,
                })
                .collect();
            visited.dedup_by(|a, b| a.0 == b.0);
            if visited.len() <= MAX_VISITED {
                for (id, known) in visited {
                    let visit = Event::visit(&capture.url, ctx.now, known);
                    if self.book.record_engagement(id, visit) {
                        touched.push(id.clone());
                    }
                }
            }
            touched.iter().for_each(|id| self.persist(id, changes));
            return None;
        }
        let mut summary = EngagementSummary::default();
        let mut matched: Vec<&LeadId> = Vec::new();
        let (mut engaged, mut engaged_unsaved): (Vec<LeadId>, Vec<usize>) = (Vec::new(), Vec::new());
        for seen in &capture.engagements {
            match summary.seen.iter_mut().find(|(k, _)| *k == seen.kind) {
                Some((_, n)) => *n += 1,
                None => summary.seen.push((seen.kind, 1)),
            }
            let spot = match spots.get(seen.contact) {
                Some(Spot::Pending) | None => continue,
                Some(spot) => spot,
            };
            if let Spot::Lead(id, true) = spot {
                if !matched.contains(&id) {
                    matched.push(id);
                }
            }
            let ours = self.settings.engagement.ours.owns(seen.owner.as_deref(), &seen.target);
            if !ours && seen.kind != EngagementKind::Post {
                summary.not_ours += 1;
                continue;
            }
            summary.kept += 1;
            let (id, known) = match spot {
                Spot::Lead(id, known) => (id, *known),
                Spot::Unsaved(n) => {
                    let event = Event::new(seen, &capture.url, false);
                    if event.kind.counts() && !engaged_unsaved.contains(n) {
                        engaged_unsaved.push(*n);
                    }
                    record.unsaved[*n].events.push(event);
                    continue;
                }
                Spot::Pending => continue,
            };
            let event = Event::new(seen, &capture.url, known);
            if !self.book.record_engagement(id, event.clone()) {
                continue;
            }
            summary.new += 1;
            if !touched.contains(id) {
                touched.push(id.clone());
            }
            if event.kind.counts() {
                if !engaged.contains(id) {
                    engaged.push(id.clone());
                }
                changes.engagements.push((id.clone(), event));
            }
        }
        summary.matched = matched.len();
        for id in &engaged {
            self.rescore(id, ctx.now, changes);
        }
        let (auto_added, saved_events) = self.auto_add(&engaged, &engaged_unsaved, record, ctx, changes);
        summary.auto_added = auto_added;
        summary.new += saved_events;
        summary.unsaved = record.unsaved.iter().filter(|u| !u.events.is_empty()).count();
        touched.iter().for_each(|id| self.persist(id, changes));
        Some(summary)
    }

    /// The auto-add rule: engaged leads not yet on the list get a call, then engaged people who
    /// are no lead are saved and get one, up to the day's cap. The calls planned, and the
    /// engagement the people saved brought to their leads.
    fn auto_add(
        &mut self,
        engaged: &[LeadId],
        engaged_unsaved: &[usize],
        record: &mut TabRecord,
        ctx: &Context,
        changes: &mut Changes,
    ) -> (Vec<TaskId>, usize) {
        let rule = &self.settings.engagement;
        if !rule.auto_add {
            return (Vec::new(), 0);
        }
        let day = |t: DateTime<Utc>| (t + chrono::Duration::minutes(ctx.rep_offset_minutes.into())).date_naive();
        let today = self.tasks.iter().filter(|t| t.from_engagement && day(t.created_at) == day(ctx.now)).count();
        let room = (rule.daily_cap as usize).saturating_sub(today);
        let mut planned = Vec::new();
        let plan = |app: &App, id: &LeadId| {
            let lead = app.book.get(id).filter(|_| app.open_task(id).is_none())?;
            // A closed or suppressed lead is simply not planned.
            app.planner(ctx).plan_call(lead, ctx.now).ok()
        };
        for id in engaged {
            if planned.len() >= room {
                break;
            }
            planned.extend(plan(self, id));
        }
        let source = record.source();
        let (mut saved, mut events) = (Vec::new(), 0);
        for &n in engaged_unsaved {
            if planned.len() >= room {
                break;
            }
            let person = &record.unsaved[n];
            // Who would not be called (a do-not-call number) is not saved by the rule either.
            if self.planner(ctx).check(&person.as_lead(&source)).is_err() {
                continue;
            }
            let Filed { outcome, lead: Some(id), .. } =
                self.book.upsert(&person.contact, &source, AddedBy::EngagementRule)
            else {
                continue;
            };
            for event in &person.events {
                if self.book.record_engagement(&id, event.clone()) {
                    events += 1;
                    if event.kind.counts() {
                        changes.engagements.push((id.clone(), event.clone()));
                    }
                }
            }
            self.persist(&id, changes);
            planned.extend(plan(self, &id));
            saved.push(n);
            if !record.people.iter().any(|(p, _)| *p == id) {
                record.people.push((id, outcome));
            }
        }
        crate::order::sort(&mut saved);
        for n in saved.into_iter().rev() {
            record.unsaved.remove(n);
        }
        let mut task_ids = Vec::new();
        for mut task in planned {
            task.from_engagement = true;
            task_ids.push(task.id.clone());
            changes.tasks.push(task.clone());
            self.tasks.push(task);
        }
        (task_ids, events)
    }

    /// The lead's open calls take its current score and talking points.
    fn rescore(&mut self, id: &LeadId, now: DateTime<Utc>, changes: &mut Changes) {
        let Some(lead) = self.book.get(id) else { return };
        let (priority, note) = (score(lead, now), talking_points(lead, now));
        for task in self.tasks.iter_mut().filter(|t| &t.lead == id && t.is_open()) {
            task.priority = priority;
            task.note.clone_from(&note);
            changes.tasks.retain(|t| t.id != task.id);
            changes.tasks.push(task.clone());
        }
    }

    fn persist(&self, id: &LeadId, changes: &mut Changes) {
        changes.leads.retain(|l| &l.id != id);
        changes.leads.extend(self.book.get(id).cloned());
    }

    /// The rep's answer to "is this one of these leads?": `lead_id`, or someone new.
    fn resolve(
        &mut self,
        tab_id: TabId,
        person: usize,
        lead_id: Option<&LeadId>,
        changes: &mut Changes,
    ) -> Result<Response, AppError> {
        let record = self.tabs.get_mut(&tab_id).ok_or(AppError::NothingCaptured)?;
        if person >= record.pending.len() {
            return Err(AppError::NothingToResolve);
        }
        if let Some(id) = lead_id.filter(|id| self.book.get(id).is_none()) {
            return Err(AppError::UnknownLead(id.clone()));
        }
        let pending = record.pending.remove(person);
        let capture = record.source();
        let offered: Vec<LeadId> = pending.candidates.iter().map(|c| c.lead.clone()).collect();
        let (id, changed) =
            self.book.resolve(&pending.contact, &capture, lead_id, &offered).ok_or(AppError::NothingCaptured)?;
        for lead in &changed {
            self.persist(lead, changes);
        }
        let outcome = match lead_id {
            Some(_) => MatchOutcome::Match {
                lead: id.clone(),
                name: self.book.get(&id).and_then(Lead::display_name).unwrap_or_default(),
                reasons: vec!["you said so".into()],
            },
            None => MatchOutcome::New,
        };
        let record = self.tabs.get_mut(&tab_id).ok_or(AppError::NothingCaptured)?;
        if !record.people.iter().any(|(p, _)| *p == id) {
            record.people.push((id.clone(), outcome));
        }
        changes.tabs.push(record.clone());
        Ok(Response::Resolved { lead_id: id })
    }

    /// Saves the person `key` names on a tab as a lead (`by` the rep, or a rule): their lead and
    /// its name.
    fn save(
        &mut self,
        tab_id: TabId,
        key: &str,
        by: AddedBy,
        changes: &mut Changes,
    ) -> Result<(LeadId, String), AppError> {
        let record = self.tabs.get_mut(&tab_id).ok_or(AppError::NothingCaptured)?;
        let n = record.unsaved.iter().position(|u| u.key == key).ok_or(AppError::NotOnTab)?;
        let person = record.unsaved.remove(n);
        let source = record.source();
        let Filed { outcome, lead, .. } = self.book.upsert(&person.contact, &source, by);
        let name = person.contact.display_name().unwrap_or_default();
        let result = match (lead, outcome) {
            (Some(id), outcome) => {
                // What they did on the page, and the rep's visit that found them.
                let visit = Event::visit(&source.url, source.captured_at, outcome != MatchOutcome::New);
                for event in person.events.into_iter().chain([visit]) {
                    self.book.record_engagement(&id, event);
                }
                if !record.people.iter().any(|(p, _)| *p == id) {
                    record.people.push((id.clone(), outcome));
                }
                Ok(id)
            }
            // Someone filed since may be them: the rep says who.
            (None, MatchOutcome::Possible { candidates }) => {
                record.pending.push(Pending { contact: person.contact, candidates });
                Err(AppError::PickFirst(name.clone()))
            }
            (None, _) => {
                record.unsaved.insert(n, person);
                Err(AppError::NothingCaptured)
            }
        };
        changes.tabs.push(record.clone());
        let id = result?;
        self.persist(&id, changes);
        self.unreview(&id, changes);
        Ok((id, name))
    }

    /// Whether the person `key` names on a tab may be called (not on the do-not-call list).
    fn callable(&self, tab_id: TabId, key: &str, ctx: &Context) -> Result<(), AppError> {
        let record = self.tabs.get(&tab_id).ok_or(AppError::NothingCaptured)?;
        let person = record.unsaved.iter().find(|u| u.key == key).ok_or(AppError::NotOnTab)?;
        self.planner(ctx).check(&person.as_lead(&record.source())).map_err(AppError::Plan)
    }

    /// The rep's choice for a tab's site. Pausing also forgets what was read on that site's
    /// tabs: the rep said this site is not for reading.
    fn set_site_rule(&mut self, tab_id: TabId, rule: SiteRule, changes: &mut Changes) -> Result<Response, AppError> {
        let url = self.tabs.get(&tab_id).map(|t| t.url.clone()).ok_or(AppError::NothingCaptured)?;
        if !self.settings.sites.apply(&url, rule) {
            return Ok(Response::Done);
        }
        changes.settings = Some(self.settings.clone());
        if rule == SiteRule::Pause {
            let sites = &self.settings.sites;
            for record in self.tabs.values_mut().filter(|t| sites.is_paused(&t.url)) {
                record.people.clear();
                record.pending.clear();
                record.unsaved.clear();
                record.engagement = None;
                record.organization = None;
                record.notes = vec!["Leadlens is paused on this site: nothing here is read.".into()];
                changes.tabs.push(record.clone());
            }
        }
        Ok(Response::Done)
    }

    /// The rep keeps a lead made by visiting alone.
    fn keep(&mut self, id: &LeadId, changes: &mut Changes) -> Result<Response, AppError> {
        if self.book.choose(id, AddedBy::Rep).ok_or_else(|| AppError::UnknownLead(id.clone()))? {
            self.persist(id, changes);
        }
        self.unreview(id, changes);
        Ok(Response::Done)
    }

    fn unreview(&mut self, id: &LeadId, changes: &mut Changes) {
        if let Some(n) = self.review.iter().position(|r| r == id) {
            self.review.remove(n);
            changes.review = Some(self.review.clone());
        }
    }

    /// Notes which of these leads were made by visiting alone, for the clean-up view.
    fn find_visited_only(&mut self, leads: &[LeadId], changes: &mut Changes) {
        let called: std::collections::HashSet<&LeadId> = self.tasks.iter().map(|t| &t.lead).collect();
        let before = self.review.clone();
        for id in leads {
            let Some(lead) = self.book.get(id) else { continue };
            let listed = self.review.contains(id);
            match (made_by_visiting(lead, called.contains(id)), listed) {
                (true, false) => self.review.push(id.clone()),
                (false, true) => self.review.retain(|r| r != id),
                _ => {}
            }
        }
        if self.review != before {
            changes.review = Some(self.review.clone());
        }
    }

    fn import_leads(
        &mut self,
        csv: &str,
        name: &str,
        region: Option<&str>,
        line_offset: u64,
        ctx: &Context,
        changes: &mut Changes,
    ) -> Result<Response, AppError> {
        let (mut table, columns) = lead_file(csv)?;
        table.shift_lines(line_offset);
        let report = self.book.import(&table, &columns, region, &format!("file:{name}"), ctx.now);
        // Each changed lead once (the ids are distinct), without persist's search of the list.
        changes.leads.extend(report.changed.iter().filter_map(|id| self.book.get(id)).cloned());
        Ok(Response::LeadsImported { report, leads: self.book.len() })
    }

    /// Since when captures and visits are kept; `None` when they are kept until deleted by hand.
    fn kept_since(&self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let Retention(days) = self.settings.retention;
        (days > 0).then(|| now - chrono::Duration::days(days.into()))
    }

    /// Drops per-tab captures older than the retention.
    fn drop_old_tabs(&mut self, now: DateTime<Utc>, changes: &mut Changes) {
        let Some(since) = self.kept_since(now) else { return };
        self.tabs.retain(|id, t| {
            let keep = t.captured_at >= since;
            if !keep {
                changes.closed_tabs.push(*id);
            }
            keep
        });
    }

    /// Drops the rep's visits older than the retention from these leads.
    fn drop_old_visits(&mut self, leads: &[LeadId], now: DateTime<Utc>, changes: &mut Changes) {
        let Some(since) = self.kept_since(now) else { return };
        for id in self.book.retain_engagement(leads, |e| e.kind != EngagementKind::Visit || e.at >= since) {
            self.persist(&id, changes);
        }
    }

    /// Everything the lead book holds, for the rep to keep or hand to the person it is about: one
    /// JSON document, written a stretch of leads at a time (the calls, captures, lists and
    /// settings in the first part, `leads` last).
    fn export_all(&self, after: Option<&Mark>, now: DateTime<Utc>) -> Response {
        let stretch = self.book.stretch(after, STRETCH);
        let mut text = String::new();
        if after.is_none() {
            // Oldest first, whichever order a worker start read them in.
            let mut calls: Vec<&CallTask> = self.tasks.iter().collect();
            crate::order::sort_by(&mut calls, |a, b| (a.created_at, &a.id).cmp(&(b.created_at, &b.id)));
            let head = serde_json::json!({
                "exported_at": now,
                "calls": calls,
                "captures": self.tabs.values().collect::<Vec<_>>(),
                "do_not_call": self.suppression,
                "settings": self.settings,
            });
            text = serde_json::to_string_pretty(&head).unwrap_or_default();
            // The object stays open for the leads: "\n}" becomes ",\n  \"leads\": [".
            text.truncate(text.len().saturating_sub(2));
            text.push_str(",\n  \"leads\": [");
        }
        for (i, id) in stretch.leads.iter().enumerate() {
            // A part after the first follows a full one: it goes on after a lead.
            if i > 0 || after.is_some() {
                text.push(',');
            }
            text.push('\n');
            // A lead storage holds in a form this version cannot read is named, not left out.
            let lead = match self.book.get(id) {
                Some(lead) => serde_json::to_string_pretty(lead),
                None => serde_json::to_string_pretty(
                    &serde_json::json!({ "id": id, "unreadable": "this version cannot read the stored lead" }),
                ),
            };
            text.push_str(&lead.unwrap_or_default());
        }
        if stretch.next.is_none() {
            text.push_str("\n  ]\n}\n");
        }
        Response::Part { text, next: stretch.next }
    }

    fn engagement_view(&self) -> Response {
        let settings = self.settings.engagement.clone();
        Response::Engagement {
            rows: report(self.book.leads(), &self.tasks, &settings),
            ours: settings.ours.keys().join("\n"),
            settings,
        }
    }

    fn search(&self, query: &str, now: DateTime<Utc>) -> Vec<SearchHit> {
        self.book.search(query, SEARCH_HITS).into_iter().filter_map(|c| self.hit(c, now)).collect()
    }

    /// Leads a CRM search found (filed already), each once, as hits saying where from.
    pub fn found_hits(&self, ids: &[LeadId], crm: &str, now: DateTime<Utc>) -> Vec<SearchHit> {
        let mut hits: Vec<SearchHit> = Vec::new();
        for id in ids {
            let Some(lead) = self.book.get(id).filter(|_| !hits.iter().any(|h| &h.lead.id == id)) else { continue };
            let reasons = vec![format!("found in {crm}")];
            hits.push(SearchHit { lead: card(lead, now), score: 0.0, reasons, open_task: self.open_task(id).cloned() });
        }
        hits
    }

    fn hit(&self, c: Candidate, now: DateTime<Utc>) -> Option<SearchHit> {
        let lead = card(self.book.get(&c.lead)?, now);
        Some(SearchHit { open_task: self.open_task(&c.lead).cloned(), lead, score: c.score, reasons: c.reasons })
    }

    fn open_task(&self, lead: &LeadId) -> Option<&CallTask> {
        self.tasks.iter().find(|t| &t.lead == lead && t.is_open())
    }

    fn tab_view(&self, tab_id: TabId, now: DateTime<Utc>) -> Option<TabView> {
        let record = self.tabs.get(&tab_id)?;
        let people = record
            .people
            .iter()
            .filter_map(|(id, outcome)| {
                let lead = self.book.get(id)?;
                Some(TabPerson {
                    lead: card(lead, now),
                    outcome: outcome.clone(),
                    open_task: self.open_task(id).cloned(),
                })
            })
            .collect();
        let pending = record
            .pending
            .iter()
            .map(|p| PendingView {
                name: p.contact.display_name().unwrap_or_default(),
                title: p.contact.title.as_ref().map(|t| t.value.clone()),
                company: p.contact.company.as_ref().map(|t| t.value.clone()),
                email: p.contact.emails.first().map(|e| e.value.to_string()),
                candidates: p.candidates.iter().cloned().filter_map(|c| self.hit(c, now)).collect(),
            })
            .collect();
        let source = record.source();
        let unsaved = record
            .unsaved
            .iter()
            .map(|u| UnsavedView { key: u.key.clone(), card: card(&u.as_lead(&source), now) })
            .collect();
        let sites = &self.settings.sites;
        Some(TabView {
            url: record.url.clone(),
            site: site_of(&record.url),
            paused: sites.is_paused(&record.url),
            saves_everyone: sites.saves_everyone(&record.url),
            captured_at: record.captured_at,
            organization: record.organization.clone(),
            people,
            unsaved,
            pending,
            notes: record.notes.clone(),
            engagement: record.engagement.clone(),
        })
    }

    /// Open tasks in call order; a lead suppressed or closed since its task was planned is left out.
    fn call_list(&self, ctx: &Context) -> Vec<CallListItem> {
        let planner = self.planner(ctx);
        let mut tasks: Vec<&CallTask> = self.tasks.iter().filter(|t| t.is_open()).collect();
        crate::order::sort_by(&mut tasks, |a, b| call_order(a, b, ctx.now));
        tasks
            .into_iter()
            .filter_map(|t| {
                let lead = self.book.get(&t.lead).filter(|l| planner.check(l).is_ok())?;
                Some(CallListItem { task: t.clone(), lead: card(lead, ctx.now) })
            })
            .collect()
    }

    /// Plans a call to the lead; a lead already on the list keeps its open task.
    fn add_to_call_list(&mut self, id: &LeadId, ctx: &Context, changes: &mut Changes) -> Result<Response, AppError> {
        let lead = self.book.get(id).ok_or_else(|| AppError::UnknownLead(id.clone()))?;
        let lead_name = lead.display_name().unwrap_or_default();
        // Suppressed since its task was planned: refused, as the hidden task is.
        self.planner(ctx).check(lead).map_err(AppError::Plan)?;
        if let Some(task) = self.open_task(id) {
            return Ok(Response::TaskAdded { task: task.clone(), lead_name, created: false });
        }
        let task = self.planner(ctx).plan_call(lead, ctx.now).map_err(AppError::Plan)?;
        self.tasks.push(task.clone());
        changes.tasks.push(task.clone());
        self.unreview(id, changes);
        Ok(Response::TaskAdded { task, lead_name, created: true })
    }

    /// Everyone on a tab onto the call list: the people who are no lead are saved first.
    fn add_all(&mut self, tab_id: TabId, ctx: &Context, changes: &mut Changes) -> Result<Response, AppError> {
        let record = self.tabs.get(&tab_id).ok_or(AppError::NothingCaptured)?;
        let keys: Vec<String> = record.unsaved.iter().map(|u| u.key.clone()).collect();
        let mut refused = Vec::new();
        for key in keys {
            if let Err(e) = self.save(tab_id, &key, AddedBy::Rep, changes) {
                refused.push(e.to_string());
            }
        }
        let record = self.tabs.get(&tab_id).ok_or(AppError::NothingCaptured)?;
        let ids: Vec<LeadId> = record.people.iter().map(|(id, _)| id.clone()).collect();
        if ids.is_empty() && refused.is_empty() {
            return Err(AppError::NothingCaptured);
        }
        let (mut added, mut already) = (0, 0);
        for id in ids {
            match self.add_to_call_list(&id, ctx, changes) {
                Ok(Response::TaskAdded { created: true, .. }) => added += 1,
                Ok(_) => already += 1,
                Err(e) => {
                    let name = self.book.get(&id).and_then(Lead::display_name).unwrap_or_else(|| id.to_string());
                    refused.push(format!("{name}: {e}"));
                }
            }
        }
        Ok(Response::AddedAll { added, already, refused })
    }

    /// Deletes everything kept about a person: the lead, its calls, and every mention on a tab.
    fn forget(&mut self, id: &LeadId, changes: &mut Changes) -> Result<Response, AppError> {
        let lead = self.book.forget(id).ok_or_else(|| AppError::UnknownLead(id.clone()))?;
        changes.forgotten_leads.push(id.clone());
        self.unreview(id, changes);
        self.tasks.retain(|t| {
            let keep = &t.lead != id;
            if !keep {
                changes.forgotten_tasks.push(t.id.clone());
            }
            keep
        });
        for record in self.tabs.values_mut() {
            let before = (record.people.len(), record.pending.iter().map(|p| p.candidates.len()).sum::<usize>());
            record.people.retain(|(p, _)| p != id);
            for pending in &mut record.pending {
                pending.candidates.retain(|c| &c.lead != id);
            }
            // A question with no lead left to offer is no question: the person stays unfiled.
            record.pending.retain(|p| !p.candidates.is_empty());
            let after = (record.people.len(), record.pending.iter().map(|p| p.candidates.len()).sum::<usize>());
            if before != after {
                changes.tabs.push(record.clone());
            }
        }
        Ok(Response::Forgotten { name: lead.display_name().unwrap_or_else(|| id.to_string()) })
    }

    /// Records what the rep learnt, and re-scores the lead's open call.
    fn set_qualification(
        &mut self,
        id: &LeadId,
        qualification: Qualification,
        ctx: &Context,
        changes: &mut Changes,
    ) -> Result<Response, AppError> {
        let lead =
            self.book.update_calling(id, |_, q| *q = qualification).ok_or_else(|| AppError::UnknownLead(id.clone()))?;
        changes.leads.push(lead.clone());
        self.rescore(id, ctx.now, changes);
        Ok(Response::Done)
    }

    /// Closes the task with its outcome, moves the lead, and plans the next call if any.
    fn log_outcome(
        &mut self,
        id: &TaskId,
        outcome: Outcome,
        note: &str,
        callback_at: Option<DateTime<Utc>>,
        ctx: &Context,
        changes: &mut Changes,
    ) -> Result<Response, AppError> {
        let i = self.tasks.iter().position(|t| &t.id == id).ok_or_else(|| AppError::UnknownTask(id.clone()))?;
        let task = &self.tasks[i];
        let lead = self.book.get(&task.lead).ok_or_else(|| AppError::UnknownLead(task.lead.clone()))?;
        let history: Vec<CallTask> = self.tasks.iter().filter(|t| t.lead == lead.id).cloned().collect();
        let logged = self
            .planner(ctx)
            .log_outcome(task, lead, &history, outcome, note, callback_at, ctx.now)
            .map_err(AppError::Plan)?;
        if outcome == Outcome::DoNotCall {
            if let Some(phone) = &logged.done.phone {
                self.suppression.add_number(phone);
                changes.suppression = Some(self.suppression.clone());
            }
        }
        changes.leads.extend(self.book.update_calling(&logged.done.lead, |stage, _| *stage = logged.stage).cloned());
        self.tasks[i] = logged.done.clone();
        changes.tasks.push(logged.done.clone());
        if let Some(next) = &logged.next {
            self.tasks.push(next.clone());
            changes.tasks.push(next.clone());
        }
        Ok(Response::OutcomeLogged {
            task: Box::new(logged.done),
            next: logged.next.map(Box::new),
            stage: logged.stage,
            warnings: logged.warnings,
        })
    }

    /// The person on a tab the rep pointed at: the one whose profile or email a hint names, else
    /// the one whose name or email a hint's text holds; the only person when there is just one.
    fn pick(&self, tab_id: TabId, hints: &[String]) -> Result<Picked, AppError> {
        let record = self.tabs.get(&tab_id).ok_or(AppError::NothingCaptured)?;
        // Leads, then the people who are no lead yet, read as the leads they would be.
        let source = record.source();
        let unsaved: Vec<(Lead, String)> = record.unsaved.iter().map(|u| (u.as_lead(&source), u.key.clone())).collect();
        let leads: Vec<(&Lead, Option<&String>)> = record
            .people
            .iter()
            .filter_map(|(id, _)| self.book.get(id).map(|l| (l, None)))
            .chain(unsaved.iter().map(|(l, key)| (l, Some(key))))
            .collect();
        if leads.is_empty() {
            return Err(AppError::NothingCaptured);
        }
        let names = |hint: &str| {
            let profile = SocialProfile::parse(hint).map(|p| p.url());
            let email = Email::parse(hint);
            let number = dialled_digits(hint);
            leads.iter().find(|(l, _)| {
                profile.as_ref().is_some_and(|p| l.profiles.iter().any(|x| &x.value == p))
                    || email.as_ref().is_some_and(|e| l.emails.iter().any(|x| x.value == e.as_str()))
                    || number.as_ref().is_some_and(|n| l.phones.iter().any(|x| same_number(&x.value, n)))
            })
        };
        let mentions = |hint: &str| {
            let text = fold(hint);
            let mut found = leads.iter().filter(|(l, _)| {
                l.display_name().map(|n| fold(&n)).is_some_and(|n| !n.is_empty() && text.contains(&n))
                    || l.emails.iter().any(|e| hint.to_lowercase().contains(&e.value))
            });
            // Text that mentions several people points at none of them.
            match (found.next(), found.next()) {
                (Some(one), None) => Some(one),
                _ => None,
            }
        };
        let hints: Vec<&str> = hints.iter().map(|h| h.trim()).filter(|h| !h.is_empty()).collect();
        let pointed = hints.iter().find_map(|h| names(h)).or_else(|| hints.iter().find_map(|h| mentions(h)));
        let picked = match (pointed, leads.as_slice()) {
            (Some(one), _) | (None, [one]) => one,
            (None, many) => return Err(AppError::NobodyPointedAt { people: many.len() }),
        };
        Ok(match picked {
            (lead, None) => Picked::Lead(lead.id.clone()),
            (_, Some(key)) => Picked::Unsaved((*key).clone()),
        })
    }
}

/// Whom the rep pointed at on a tab.
enum Picked {
    Lead(LeadId),
    /// A person who is no lead yet, by their key.
    Unsaved(String),
}

/// A lead file's rows and what each column is.
fn lead_file(csv: &str) -> Result<(Table, Columns), AppError> {
    let table = read_table(csv.as_bytes()).map_err(AppError::LeadFile)?;
    let columns = Columns::resolve(&table.headers, &[], &[]).map_err(AppError::LeadFile)?;
    Ok((table, columns))
}

/// The digits of a selected phone number ("+33 4 72 00 00 42", "(512) 555-0100"), national
/// trunk zeros dropped; `None` for text that is not a number alone.
fn dialled_digits(hint: &str) -> Option<String> {
    let allowed = |c: char| c.is_ascii_digit() || " +-.()/\u{a0}".contains(c);
    if !hint.chars().all(allowed) {
        return None;
    }
    let digits: String = hint.chars().filter(char::is_ascii_digit).collect();
    let digits = digits.trim_start_matches('0');
    (digits.len() >= 7).then(|| digits.to_string())
}

/// Whether a lead's E.164 number ends with the selected digits (written with or without its
/// country code).
fn same_number(e164: &str, digits: &str) -> bool {
    e164.chars().filter(char::is_ascii_digit).collect::<String>().ends_with(digits)
}

/// Engagement lines on a lead's card.
const CARD_ENGAGEMENT: usize = 5;

fn card(lead: &Lead, now: DateTime<Utc>) -> LeadCard {
    let first = |v: &[crate::model::FieldValue]| v.first().map(|f| f.value.clone());
    LeadCard {
        id: lead.id.clone(),
        name: lead.display_name().unwrap_or_else(|| first(&lead.emails).unwrap_or_default()),
        title: lead.title.as_ref().map(|f| f.value.clone()),
        company: lead.company.as_ref().map(|f| f.value.clone()),
        headline: lead.headline.as_ref().map(|f| f.value.clone()),
        email: first(&lead.emails),
        phone: first(&lead.phones),
        location: lead.location.as_ref().map(|f| f.value.clone()),
        profile: first(&lead.profiles),
        qualification: lead.qualification,
        priority: score(lead, now),
        engagement: lead
            .engagement
            .iter()
            .filter(|e| e.kind != EngagementKind::Visit)
            .take(CARD_ENGAGEMENT)
            .map(|e| e.line(now))
            .collect(),
    }
}
