//! The one message vocabulary shared by the content script, the service worker and the side panel.
//! Every message is checked on receipt: its shape by serde, its sender by [`Request::allowed_from`].

use crate::book::{LeadImport, Mark};
use crate::capture::VcardFile;
use crate::engagement::{EngagementSettings, ReportRow};
use crate::matching::MatchOutcome;
use crate::model::{CallTask, EngagementKind, LeadId, LeadStage, Objective, Outcome, Qualification, TaskId};
use crate::plan::{CleanupEntry, ImportReport};
use crate::reading::{SiteLists, SiteRule};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A browser tab's id, as the browser numbers them.
pub type TabId = i32;

/// Who sent a message, as the browser (not the message) tells it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sender {
    /// Our content script, running inside a web page: it speaks for the page and is not trusted.
    ContentScript,
    /// One of our own extension pages (side panel, options).
    ExtensionPage,
    /// The browser itself (events such as a closed tab, a context-menu click, a keyboard command).
    Browser,
}

/// What the browser reports about a message's sender (`chrome.runtime.MessageSender`).
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SenderInfo {
    pub id: Option<String>,
    pub url: Option<String>,
    pub tab: Option<SenderTab>,
    pub frame_id: Option<i64>,
}

#[derive(Clone, Debug, Default, Deserialize)]
pub struct SenderTab {
    pub id: Option<TabId>,
}

impl SenderInfo {
    /// Who sent the message, judged from what the browser says: another extension or a sub-frame
    /// is nobody we listen to. `origin` is our own extension's origin (`chrome-extension://id/`).
    /// For a content script, also its tab and page URL.
    pub fn classify(&self, own_id: &str, origin: &str) -> Option<(Sender, Option<(TabId, String)>)> {
        if self.id.as_deref() != Some(own_id) {
            return None;
        }
        let url = self.url.clone().unwrap_or_default();
        if url.starts_with(origin) {
            return Some((Sender::ExtensionPage, None));
        }
        let tab = self.tab.as_ref()?.id?;
        let top_frame = self.frame_id.unwrap_or(0) == 0;
        (top_frame && (url.starts_with("http://") || url.starts_with("https://")))
            .then_some((Sender::ContentScript, Some((tab, url))))
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case", deny_unknown_fields)]
pub enum Request {
    /// The page as the browser serialized it (`document.documentElement.outerHTML`); the URL and
    /// tab come from the browser, never from the message.
    Page {
        html: String,
        /// The content script cut the page before sending it.
        #[serde(default)]
        truncated: bool,
        /// Same-origin vCard files the page links to, fetched by the content script.
        #[serde(default)]
        vcards: Vec<VcardFile>,
        /// When the tab began reading the page (ms since the epoch): the worker logs how long the
        /// page took to reach it and to be captured.
        #[serde(default)]
        read_at: Option<f64>,
    },
    GetTab {
        tab_id: TabId,
    },
    GetCallList,
    AddToCallList {
        lead_id: LeadId,
    },
    /// Add the person the rep pointed at on a tab: `hints` are the right-clicked link, the
    /// selected text or the text around the right-clicked spot, most precise first.
    AddFromTab {
        tab_id: TabId,
        #[serde(default)]
        hints: Vec<String>,
    },
    /// The campaign's goal, given to every call planned from now on.
    SetObjective {
        objective: Objective,
    },
    /// Leads flagged for clean-up (disqualified, wrong number, left the company), with why.
    GetCleanup,
    /// Delete everything kept about a lead (a person who asked to be forgotten).
    ForgetLead {
        lead_id: LeadId,
    },
    /// Everyone captured on a tab onto the call list (each once: the matcher already merged
    /// repeats into one lead).
    AddAllFromTab {
        tab_id: TabId,
    },
    /// Saves a person a tab shows (`key`: their [`UnsavedView::key`]) as a lead; with `call`,
    /// onto the call list too.
    SaveFromTab {
        tab_id: TabId,
        key: String,
        #[serde(default)]
        call: bool,
    },
    /// The rep's choice for the site of a tab: pause or resume reading it, save everyone opened
    /// there or only whom the rep saves.
    SetSiteRule {
        tab_id: TabId,
        rule: SiteRule,
    },
    /// The never-read, paused and save-everyone lists.
    GetSites,
    /// The three lists as Options edits them, one site per line.
    SetSites {
        never_read: String,
        paused: String,
        save_everyone: String,
    },
    /// Keep a lead the clean-up view lists as made by visiting alone.
    KeepLead {
        lead_id: LeadId,
    },
    /// The rep's answer to a possible match on a tab: the `person`-th question is `lead_id`, or
    /// someone new when it is absent.
    ResolveMatch {
        tab_id: TabId,
        person: usize,
        #[serde(default)]
        lead_id: Option<LeadId>,
    },
    /// Leads like a name, company, email or phone.
    Search {
        query: String,
    },
    /// The lead book as CSV, a stretch of leads at a time (see [`Mark`]): from the start without
    /// `after`, then from each answer's `next` until it has none.
    ExportCsv {
        #[serde(default)]
        after: Option<Mark>,
    },
    TabClosed {
        tab_id: TabId,
    },
    /// The rep's one click after a call; `callback_at` only with `callback_requested`.
    LogOutcome {
        task_id: TaskId,
        outcome: Outcome,
        #[serde(default)]
        note: String,
        #[serde(default)]
        callback_at: Option<DateTime<Utc>>,
    },
    /// A do-not-call list as CSV; `region` (ISO alpha-2) reads numbers written without a country code.
    ImportSuppression {
        csv: String,
        #[serde(default)]
        region: Option<String>,
    },
    /// A lead file (a CRM export, a spreadsheet) to merge into the lead book; `name` is the file's
    /// name, kept as where each value came from; `region` (ISO alpha-2) reads numbers written
    /// without a country code.
    ImportLeads {
        csv: String,
        name: String,
        #[serde(default)]
        region: Option<String>,
        /// For a part of a larger file (`csv_import::split`): the file's lines before the part's
        /// first row that it leaves out, so that reports name the file's lines.
        #[serde(default)]
        line_offset: u64,
    },
    /// Leads marketing should remove, as CSV.
    ExportCleanupCsv,
    /// What the rep learnt of a lead's budget, need, authority and timing.
    SetQualification {
        lead_id: LeadId,
        qualification: Qualification,
    },
    /// What the local lead book holds, and how long captures are kept.
    GetPrivacy,
    /// Keep per-tab captures and visits this many days (0: until deleted by hand).
    SetRetention {
        days: u32,
    },
    /// Drop captures and visits older than the retention, a stretch of leads at a time (the
    /// worker's own walk, once a day and after the retention changes).
    ApplyRetention {
        #[serde(default)]
        after: Option<Mark>,
    },
    /// Everything the lead book holds, as one JSON document in parts, as [`Request::ExportCsv`].
    ExportAll {
        #[serde(default)]
        after: Option<Mark>,
    },
    /// Delete every lead, call, capture, list, setting and queued CRM entry in this browser.
    DeleteAllData,
    /// The engagement report and rules.
    GetEngagement,
    /// Our pages (one per line: a page URL, an X handle, a domain) and the auto-add rule.
    SetEngagement {
        ours: String,
        auto_add: bool,
        daily_cap: u32,
        #[serde(default)]
        meeting_value: u32,
    },
    /// The lead book found too little for `query`: ask the CRM's own search, and file what it
    /// finds into the lead book (the worker does, when a CRM is set up).
    SearchCrm {
        query: String,
    },
}

impl Request {
    /// Pages may only hand over their content; only our own pages may act on the lead book;
    /// only the browser reports tab life-cycle events.
    pub fn allowed_from(&self, sender: Sender) -> bool {
        match self {
            Request::Page { .. } => sender == Sender::ContentScript,
            Request::TabClosed { .. } | Request::ApplyRetention { .. } => sender == Sender::Browser,
            Request::AddFromTab { .. } => matches!(sender, Sender::ExtensionPage | Sender::Browser),
            Request::GetTab { .. }
            | Request::GetCallList
            | Request::AddToCallList { .. }
            | Request::AddAllFromTab { .. }
            | Request::ForgetLead { .. }
            | Request::SetObjective { .. }
            | Request::GetCleanup
            | Request::ResolveMatch { .. }
            | Request::SaveFromTab { .. }
            | Request::SetSiteRule { .. }
            | Request::GetSites
            | Request::SetSites { .. }
            | Request::KeepLead { .. }
            | Request::Search { .. }
            | Request::ExportCsv { .. }
            | Request::LogOutcome { .. }
            | Request::ImportSuppression { .. }
            | Request::ImportLeads { .. }
            | Request::SetQualification { .. }
            | Request::GetEngagement
            | Request::SetEngagement { .. }
            | Request::GetPrivacy
            | Request::SetRetention { .. }
            | Request::ExportAll { .. }
            | Request::DeleteAllData
            | Request::ExportCleanupCsv
            | Request::SearchCrm { .. } => sender == Sender::ExtensionPage,
        }
    }
}

/// What the side panel shows of a lead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LeadCard {
    pub id: LeadId,
    pub name: String,
    pub title: Option<String>,
    pub company: Option<String>,
    /// What they say of themselves under their name (never a title).
    #[serde(default)]
    pub headline: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub location: Option<String>,
    pub profile: Option<String>,
    #[serde(default)]
    pub qualification: Qualification,
    /// The priority score a call would get now (fit, qualification, engagement).
    #[serde(default)]
    pub priority: i32,
    /// Their latest engagement with our content and their own posts, newest first, as a rep
    /// would say it.
    #[serde(default)]
    pub engagement: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TabPerson {
    pub lead: LeadCard,
    /// Whether the person was already a lead when the page was captured.
    pub outcome: MatchOutcome,
    pub open_task: Option<CallTask>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TabView {
    pub url: String,
    /// The page's site (`acme.com`), which the panel's pause and save-everyone apply to.
    #[serde(default)]
    pub site: Option<String>,
    #[serde(default)]
    pub paused: bool,
    #[serde(default)]
    pub saves_everyone: bool,
    pub captured_at: DateTime<Utc>,
    pub organization: Option<String>,
    /// People on the page who are leads: matched, or saved.
    pub people: Vec<TabPerson>,
    /// People on the page who are not leads: shown, and saved only if the rep says so.
    #[serde(default)]
    pub unsaved: Vec<UnsavedView>,
    /// Captured people who may be one of several leads: the rep picks.
    pub pending: Vec<PendingView>,
    pub notes: Vec<String>,
    /// What the page's engagement lists held, when it has any.
    #[serde(default)]
    pub engagement: Option<EngagementSummary>,
}

/// An engagement list as captured: how many events, how many kept (on our content) and new.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct EngagementSummary {
    /// Events the page shows, by kind ("reaction" → 12).
    pub seen: Vec<(EngagementKind, usize)>,
    /// Kept: on our content, or the person's own posts.
    pub kept: usize,
    /// Kept and not seen before.
    pub new: usize,
    /// People who engaged that were already leads.
    pub matched: usize,
    /// Engagements with others' content, not kept.
    pub not_ours: usize,
    /// People who engaged with our content and are no lead (their engagement waits on their
    /// card until the rep saves them).
    #[serde(default)]
    pub unsaved: usize,
    /// Calls the auto-add rule planned.
    pub auto_added: Vec<TaskId>,
}

impl EngagementSummary {
    /// One line for the panel: "5 reactions, 2 comments: 4 new, 1 from leads already, 2 by people
    /// not saved. 2 put on the call list by the engagement rule." (`new` counts leads' engagement:
    /// people who are no lead have no history to be new against.)
    pub fn describe(&self) -> String {
        let seen: Vec<String> = self.seen.iter().map(|(kind, n)| kind.count(*n)).collect();
        let mut text = format!("{}: {} new", seen.join(", "), self.new);
        if self.matched > 0 {
            text.push_str(&format!(", {} from leads already", self.matched));
        }
        if self.unsaved > 0 {
            let people = if self.unsaved == 1 { "person" } else { "people" };
            text.push_str(&format!(", {} by {people} not saved", self.unsaved));
        }
        text.push('.');
        if !self.auto_added.is_empty() {
            text.push_str(&format!(" {} put on the call list by the engagement rule.", self.auto_added.len()));
        }
        text
    }
}

/// A person a page shows who is no lead.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct UnsavedView {
    /// Names them in [`Request::SaveFromTab`].
    pub key: String,
    /// What the page shows of them, as a lead's card would show it; its `id` is empty.
    pub card: LeadCard,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PendingView {
    pub name: String,
    pub title: Option<String>,
    pub company: Option<String>,
    pub email: Option<String>,
    /// The leads it may be, with the evidence for each.
    pub candidates: Vec<SearchHit>,
}

/// A lead found for a query or offered for a captured person, with the evidence.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SearchHit {
    pub lead: LeadCard,
    pub score: f64,
    pub reasons: Vec<String>,
    #[serde(default)]
    pub open_task: Option<CallTask>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CallListItem {
    pub task: CallTask,
    pub lead: LeadCard,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Response {
    Captured {
        people: usize,
        new_leads: usize,
    },
    Tab {
        view: Option<TabView>,
    },
    CallList {
        items: Vec<CallListItem>,
        /// The campaign's goal for new calls.
        #[serde(default)]
        objective: Objective,
    },
    Cleanup {
        entries: Vec<CleanupEntry>,
        /// Leads made only because their page was opened (by earlier versions): keep or drop.
        #[serde(default)]
        review: Vec<CleanupEntry>,
    },
    TaskAdded {
        task: CallTask,
        lead_name: String,
        created: bool,
    },
    Csv {
        csv: String,
    },
    Resolved {
        lead_id: LeadId,
    },
    /// A person from a tab is a lead now (or was one already).
    Saved {
        lead_id: LeadId,
        name: String,
    },
    /// The site lists as stored; `unread` are lines that name no site.
    Sites {
        lists: SiteLists,
        #[serde(default)]
        unread: Vec<String>,
    },
    Search {
        hits: Vec<SearchHit>,
    },
    OutcomeLogged {
        task: Box<CallTask>,
        next: Option<Box<CallTask>>,
        stage: LeadStage,
        warnings: Vec<String>,
    },
    SuppressionImported {
        report: ImportReport,
        listed: usize,
    },
    LeadsImported {
        report: LeadImport,
        leads: usize,
    },
    Forgotten {
        name: String,
    },
    Privacy {
        retention_days: u32,
        leads: usize,
        calls: usize,
        captures: usize,
    },
    /// One part of an export (CSV or JSON text, to be joined in order), and where the next part
    /// begins (`None`: this is the last).
    Part {
        text: String,
        next: Option<Mark>,
    },
    /// A stretch of the lead book walked (the retention applied to it), and where the next
    /// begins (`None`: the walk is over).
    Walked {
        next: Option<Mark>,
    },
    /// Everything in this browser deleted.
    Deleted,
    /// The engagement report and the rules as set; `ours` one page per line.
    Engagement {
        rows: Vec<ReportRow>,
        settings: EngagementSettings,
        ours: String,
    },
    /// Rules saved; `unread` are lines of our pages that were not understood.
    EngagementSet {
        unread: Vec<String>,
    },
    /// What "add all" did: calls planned, people already on the list, and who could not be
    /// added with why.
    AddedAll {
        added: usize,
        already: usize,
        refused: Vec<String>,
    },
    Done,
    Error {
        message: String,
    },
    /// What the CRM's search found, filed into the lead book: `crm` names the CRM searched (none
    /// is set up when absent); `message` says why it shows nothing (no answer, refused, cannot be
    /// searched) or what it left out, while the lead book's own hits stand.
    CrmSearch {
        crm: Option<String>,
        hits: Vec<SearchHit>,
        message: Option<String>,
    },
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_engagement_list_in_one_line() {
        let summary = EngagementSummary {
            seen: vec![(EngagementKind::Reaction, 5), (EngagementKind::Comment, 1), (EngagementKind::Reply, 2)],
            kept: 8,
            new: 7,
            matched: 1,
            not_ours: 0,
            unsaved: 0,
            auto_added: vec![],
        };
        assert_eq!(summary.describe(), "5 reactions, 1 comment, 2 replies: 7 new, 1 from leads already.");
        let some_unsaved = EngagementSummary { unsaved: 2, ..summary.clone() };
        assert_eq!(
            some_unsaved.describe(),
            "5 reactions, 1 comment, 2 replies: 7 new, 1 from leads already, 2 by people not saved."
        );
    }

    #[test]
    fn pages_cannot_act_on_the_lead_book() {
        let acts = [
            Request::GetCallList,
            Request::ExportCsv { after: None },
            Request::GetTab { tab_id: 1 },
            Request::ResolveMatch { tab_id: 1, person: 0, lead_id: None },
            Request::Search { query: "jane".into() },
            Request::SearchCrm { query: "jane".into() },
            Request::AddFromTab { tab_id: 1, hints: vec![] },
            Request::TabClosed { tab_id: 1 },
        ];
        for r in acts {
            assert!(!r.allowed_from(Sender::ContentScript), "{r:?}");
        }
        let page = Request::Page { html: String::new(), truncated: false, vcards: vec![], read_at: None };
        assert!(page.allowed_from(Sender::ContentScript));
        assert!(!page.allowed_from(Sender::ExtensionPage));
    }

    #[test]
    fn senders_are_judged_by_what_the_browser_says() {
        let own = "abc";
        let origin = "chrome-extension://abc/";
        let info = |id: &str, url: &str, tab: Option<TabId>, frame: i64| SenderInfo {
            id: Some(id.into()),
            url: Some(url.into()),
            tab: tab.map(|id| SenderTab { id: Some(id) }),
            frame_id: Some(frame),
        };
        assert_eq!(
            info(own, "chrome-extension://abc/panel.html", None, 0).classify(own, origin).map(|s| s.0),
            Some(Sender::ExtensionPage)
        );
        assert_eq!(
            info(own, "https://acme.test/team", Some(7), 0).classify(own, origin),
            Some((Sender::ContentScript, Some((7, "https://acme.test/team".into()))))
        );
        assert!(info("other", "chrome-extension://abc/panel.html", None, 0).classify(own, origin).is_none());
        assert!(info(own, "https://acme.test/frame", Some(7), 3).classify(own, origin).is_none());
        assert!(info(own, "https://acme.test/", None, 0).classify(own, origin).is_none());
        assert!(
            info(own, "chrome-extension://abcd/x.html", Some(1), 0).classify(own, origin).map(|s| s.0)
                != Some(Sender::ExtensionPage)
        );
    }

    #[test]
    fn unknown_fields_and_types_are_rejected() {
        let bad = [
            r#"{"type":"page","html":"x","url":"https://evil.test"}"#,
            r#"{"type":"drop_database"}"#,
            r#"{"html":"x"}"#,
            r#"{"type":"get_tab","tab_id":"1"}"#,
        ];
        for b in bad {
            assert!(serde_json::from_str::<Request>(b).is_err(), "{b}");
        }
        let ok: Request =
            serde_json::from_str(r#"{"type":"add_from_tab","tab_id":3,"hints":["https://x.com/jane"]}"#).unwrap();
        assert_eq!(ok, Request::AddFromTab { tab_id: 3, hints: vec!["https://x.com/jane".into()] });
    }
}
