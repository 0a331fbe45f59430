//! Engagement lists on pages written in the shape of LinkedIn's and X's: what capture reads, and
//! what the app does with it (kept on the lead once, priority, call note, auto-add, report).

use chrono::{DateTime, Duration, Utc};
use leadlens::app::{App, Context};
use leadlens::capture::{capture_page, Capture};
use leadlens::engagement::ReportRow;
use leadlens::messages::{Request, Response, TabView};
use leadlens::model::{EngagementKind, Outcome};

const POST: &str = "https://www.linkedin.com/feed/update/urn:li:activity:7401000000000000001";
const FOLLOWERS: &str = "https://www.linkedin.com/company/tidewave-logistics/admin/analytics/followers/";
const ACTIVITY: &str = "https://www.linkedin.com/in/sophie-martin-lumen/recent-activity/all/";
const PROFILE: &str = "https://www.linkedin.com/in/sophie-martin-lumen/";
const OURS: &str = "https://www.linkedin.com/company/tidewave-logistics/\n@tidewavehq";

fn fixture(url: &str) -> String {
    let u = url::Url::parse(url).unwrap();
    let host = u.host_str().unwrap().trim_start_matches("www.");
    let path = u.path().trim_end_matches('/');
    std::fs::read_to_string(format!("tests/fixtures/sites/{host}{path}.html")).expect("fixture")
}

fn now() -> DateTime<Utc> {
    "2026-11-23T10:00:00Z".parse().unwrap()
}

fn capture(url: &str) -> Capture {
    capture_page(&fixture(url), url, now())
}

/// (who, kind, text) of each event, in page order.
fn events(c: &Capture) -> Vec<(String, EngagementKind, Option<String>)> {
    c.engagements
        .iter()
        .map(|e| (c.contacts[e.contact].display_name().unwrap_or_default(), e.kind, e.text.clone()))
        .collect()
}

fn s(v: &str) -> Option<String> {
    Some(v.to_string())
}

#[test]
fn a_linkedin_post_s_reactions_and_comments() {
    let c = capture(POST);
    use EngagementKind::{Comment, Reaction};
    assert_eq!(
        events(&c),
        [
            ("Sophie Martin".into(), Reaction, s("Celebrate")),
            ("Marco Rossi".into(), Reaction, s("Like")),
            ("Aiko Tanaka".into(), Reaction, s("Insightful")),
            ("Lena Vogel".into(), Reaction, s("Like")),
            ("Priya Nair".into(), Reaction, s("Love")),
            (
                "Marco Rossi".into(),
                Comment,
                s("Does the tracking work for refrigerated loads too? We run 40 reefers between Milan and Lyon.")
            ),
            ("Priya Nair".into(), Comment, s("Congrats on the launch! Tom Hale this is what we discussed.")),
        ],
        "our own reply and the company that reacted are nobody to call"
    );
    assert_eq!(c.contacts.len(), 5, "Marco and Priya once each");
    let marco = &c.engagements[5];
    assert_eq!(marco.target, POST);
    assert_eq!(marco.owner.as_deref(), Some("https://www.linkedin.com/company/tidewave-logistics/posts"));
    assert_eq!(marco.at, now() - Duration::days(2), "\"2d\" before the capture");
    assert_eq!(c.engagements[6].at, now() - Duration::hours(5), "\"5h • Edited\"");
    assert_eq!(c.engagements[0].at, now(), "a reaction shows no time: first seen now");
    assert_eq!(
        marco.excerpt.as_deref(),
        Some("Live tracking for every pallet, now across 14 countries. Our Q4 network…")
    );
    let sophie = &c.contacts[c.engagements[0].contact];
    // A list shows each person's headline: kept as such, never split into a title and a company.
    assert_eq!(sophie.headline.as_ref().unwrap().value, "Directrice des achats chez Groupe Lumen");
    assert!(sophie.title.is_none() && sophie.company.is_none(), "{sophie:?}");
    assert_eq!(sophie.profiles[0].value.id, "sophie-martin-lumen");
}

#[test]
fn followers_activity_and_people_views() {
    let f = capture(FOLLOWERS);
    let follows: Vec<(String, i64)> = f
        .engagements
        .iter()
        .map(|e| (f.contacts[e.contact].display_name().unwrap(), (now() - e.at).num_days()))
        .collect();
    assert_eq!(follows, [("Lena Vogel".into(), 7), ("Omar Haddad".into(), 2), ("Aiko Tanaka".into(), 90)]);
    assert!(
        f.engagements
            .iter()
            .all(|e| e.kind == EngagementKind::Follow
                && e.target == "https://www.linkedin.com/company/tidewave-logistics")
    );

    let a = capture(ACTIVITY);
    assert_eq!(a.contacts.len(), 1, "the activity is Sophie's");
    let kinds: Vec<(EngagementKind, &str, Option<&str>)> =
        a.engagements.iter().map(|e| (e.kind, e.target.as_str(), e.owner.as_deref())).collect();
    assert_eq!(
        kinds,
        [
            (EngagementKind::Comment, POST, Some("https://www.linkedin.com/company/tidewave-logistics/posts")),
            (
                EngagementKind::Post,
                "https://www.linkedin.com/feed/update/urn:li:activity:7400800000000000002",
                Some("https://www.linkedin.com/in/sophie-martin-lumen?miniProfileUrn=x")
            ),
            (
                EngagementKind::Reaction,
                "https://www.linkedin.com/feed/update/urn:li:activity:7400500000000000003",
                Some("https://www.linkedin.com/company/rival-haulage/posts")
            ),
        ]
    );
    assert_eq!(a.engagements[1].at, now() - Duration::weeks(1));

    let p = capture("https://www.linkedin.com/company/groupe-lumen/people/");
    let people: Vec<(String, String)> =
        p.contacts.iter().map(|c| (c.display_name().unwrap(), c.company.as_ref().unwrap().value.clone())).collect();
    assert_eq!(
        people,
        [("Sophie Martin".into(), "Groupe Lumen".into()), ("Julien Faure".into(), "Groupe Lumen".into())],
        "\"LinkedIn Member\" has no profile to tell them apart"
    );
    assert!(p.engagements.is_empty());
}

#[test]
fn replies_quotes_and_a_profile_s_posts_on_x() {
    let thread = "https://x.com/tidewavehq/status/1861000000000000001";
    let r = capture(thread);
    let replies: Vec<(String, EngagementKind, Option<String>, DateTime<Utc>)> = r
        .engagements
        .iter()
        .map(|e| (r.contacts[e.contact].display_name().unwrap(), e.kind, e.text.clone(), e.at))
        .collect();
    assert_eq!(
        replies,
        [
            (
                "Marco Rossi".into(),
                EngagementKind::Reply,
                s("Does it cover reefers? Asking for 40 trucks."),
                "2026-11-21T09:15:00Z".parse().unwrap()
            ),
            (
                "Ada Park".into(),
                EngagementKind::Reply,
                s("Been using it for a month, solid."),
                "2026-11-22T01:30:00Z".parse().unwrap()
            ),
        ],
        "the post and our own answer in the thread are not engagement"
    );
    assert!(r.engagements.iter().all(|e| e.target == thread && e.owner.as_deref() == Some("https://x.com/tidewavehq")));

    let q = capture(&format!("{thread}/quotes"));
    assert_eq!(
        events(&q),
        [("Lena Vogel".into(), EngagementKind::Share, s("Genau das suchen wir für unsere Kühlkette."))]
    );
    assert_eq!(q.engagements[0].target, thread);

    let ada = capture("https://x.com/adapark");
    assert_eq!(ada.contacts.len(), 1);
    let posts: Vec<(EngagementKind, &str, Option<&str>)> =
        ada.engagements.iter().map(|e| (e.kind, e.target.as_str(), e.owner.as_deref())).collect();
    assert_eq!(
        posts,
        [
            (EngagementKind::Post, "https://x.com/adapark/status/1860000000000000001", Some("https://x.com/adapark")),
            (
                EngagementKind::Mention,
                "https://x.com/adapark/status/1859000000000000002",
                Some("https://x.com/tidewavehq")
            ),
            (EngagementKind::Post, "https://x.com/adapark/status/1859000000000000002", Some("https://x.com/adapark")),
            (
                EngagementKind::Share,
                "https://x.com/rustlang/status/1858000000000000003",
                Some("https://x.com/rustlang")
            ),
        ]
    );
}

fn ctx(tab: i32, url: &str, at: DateTime<Utc>) -> Context {
    Context { now: at, rep_offset_minutes: 60, tab: Some((tab, url.to_string())) }
}

fn visit(app: &mut App, tab: i32, url: &str, at: DateTime<Utc>) -> leadlens::app::Changes {
    let (r, changes) = app.handle(
        Request::Page { html: fixture(url), truncated: false, vcards: vec![], read_at: None },
        &ctx(tab, url, at),
    );
    assert!(matches!(r, Response::Captured { .. }), "{r:?}");
    changes
}

fn view(app: &mut App, tab: i32) -> TabView {
    match app.handle(Request::GetTab { tab_id: tab }, &ctx(tab, "", now())).0 {
        Response::Tab { view: Some(v) } => v,
        other => panic!("no view: {other:?}"),
    }
}

fn set(app: &mut App, ours: &str, auto_add: bool, daily_cap: u32) {
    let request = Request::SetEngagement { ours: ours.into(), auto_add, daily_cap, meeting_value: 2_000 };
    assert_eq!(app.handle(request, &ctx(0, "", now())).0, Response::EngagementSet { unread: vec![] });
}

fn report(app: &mut App) -> Vec<ReportRow> {
    match app.handle(Request::GetEngagement, &ctx(0, "", now())).0 {
        Response::Engagement { rows, .. } => rows,
        other => panic!("{other:?}"),
    }
}

#[test]
fn engagement_with_our_post_raises_the_lead_s_call_once_and_gives_a_talking_point() {
    let mut app = App::default();
    set(&mut app, OURS, false, 20);
    visit(&mut app, 1, PROFILE, now() - Duration::days(1));
    let key = view(&mut app, 1).unsaved[0].key.clone();
    let (r, _) = app.handle(Request::SaveFromTab { tab_id: 1, key, call: true }, &ctx(1, PROFILE, now()));
    let Response::TaskAdded { task: before, .. } = r else { panic!("{r:?}") };
    let sophie = before.lead.clone();

    let changes = visit(&mut app, 2, POST, now());
    let page = view(&mut app, 2);
    let summary = page.engagement.clone().expect("an engagement list");
    assert_eq!(summary.seen, [(EngagementKind::Reaction, 5), (EngagementKind::Comment, 2)]);
    // Seven kept: hers on her lead, the others' on them until the rep saves them.
    assert_eq!((summary.kept, summary.new, summary.matched, summary.not_ours), (7, 1, 1, 0));
    assert_eq!((page.unsaved.len(), summary.unsaved), (4, 4), "the others are not leads");
    let marco = page.unsaved.iter().find(|u| u.card.name == "Marco Rossi").unwrap();
    assert_eq!(marco.card.engagement.len(), 2, "{:?}", marco.card.engagement);
    let card = &page.people.iter().find(|p| p.lead.id == sophie).unwrap().lead;
    assert_eq!(card.engagement, ["reacted (Celebrate) to our post “Live tracking for every pallet, now across 14 countries. Our Q4 network…” (today)"]);
    let after = changes.tasks.iter().find(|t| t.id == before.id).expect("her call re-scored");
    assert_eq!(after.priority, before.priority + 3, "a reaction today weighs 3");
    assert!(after.note.contains("Recently reacted (Celebrate) to our post “Live tracking"), "{}", after.note);
    assert_eq!(card.priority, after.priority);
    assert_eq!(changes.engagements.len(), 1, "each new engagement of a lead, for the CRM");

    // The same list a day later, and her activity showing the same post: nothing counts twice.
    let again = visit(&mut app, 2, POST, now() + Duration::days(1));
    assert_eq!(view(&mut app, 2).engagement.unwrap().new, 0);
    assert!(again.engagements.is_empty() && again.tasks.is_empty());
    let rows = report(&mut app);
    assert_eq!(rows.len(), 1);
    // The report counts what leads did: the others are no lead to count.
    assert_eq!((rows[0].reactions, rows[0].comments, rows[0].people, rows[0].matched), (1, 0, 1, 1));
}

#[test]
fn engagement_with_others_content_is_research_not_interest() {
    let mut app = App::default();
    visit(&mut app, 1, POST, now());
    let page = view(&mut app, 1);
    let summary = page.engagement.unwrap();
    assert_eq!((summary.kept, summary.not_ours), (0, 7), "no pages of ours set yet");
    assert!(page.notes.iter().any(|n| n.contains("not ours")), "{:?}", page.notes);
    assert!(page.people.is_empty() && page.unsaved.iter().all(|p| p.card.engagement.is_empty()));
    assert!(report(&mut app).is_empty());
    // Her own posts are talking points whoever set what.
    visit(&mut app, 2, ACTIVITY, now());
    let sophie = &view(&mut app, 2).unsaved[0].card;
    assert_eq!(
        sophie.engagement,
        ["posted “Nous recrutons un acheteur transport pour notre site de Lyon : 200…” (7 days ago)"]
    );
}

#[test]
fn the_auto_add_rule_plans_calls_up_to_its_daily_cap_and_the_report_follows_them() {
    let mut app = App::default();
    set(&mut app, OURS, true, 2);
    let changes = visit(&mut app, 1, FOLLOWERS, now());
    let auto = view(&mut app, 1).engagement.unwrap().auto_added;
    let planned: Vec<_> = changes.tasks.iter().filter(|t| t.from_engagement).collect();
    assert_eq!(planned.len(), 2, "the cap");
    assert_eq!(auto, planned.iter().map(|t| t.id.clone()).collect::<Vec<_>>());
    // The cap is per day: the rest who engaged come the next day the rep opens the list.
    let more = visit(&mut app, 2, POST, now() + Duration::hours(1));
    let post = view(&mut app, 2);
    assert!(post.engagement.unwrap().auto_added.is_empty(), "none over today's cap");
    assert!(more.tasks.iter().all(|t| t.created_at == now()), "only the planned calls, re-scored");
    assert!(more.leads.len() <= 2 && !post.unsaved.is_empty(), "nobody saved over the cap");
    let tomorrow = visit(&mut app, 3, POST, now() + Duration::days(1));
    let next_day: Vec<_> = tomorrow.tasks.iter().filter(|t| t.from_engagement && t.created_at > now()).collect();
    assert_eq!(next_day.len(), 2, "{:#?}", tomorrow.tasks);
    let after = visit(&mut app, 4, POST, now() + Duration::days(1) + Duration::hours(1));
    assert!(after.tasks.iter().all(|t| !t.from_engagement || t.created_at <= now() + Duration::days(1)));

    let booked = planned[0].clone();
    let log = Request::LogOutcome {
        task_id: booked.id.clone(),
        outcome: Outcome::MeetingBooked,
        note: String::new(),
        callback_at: None,
    };
    let (r, _) = app.handle(log, &ctx(0, "", now() + Duration::days(1)));
    assert!(matches!(r, Response::OutcomeLogged { .. }), "{r:?}");
    let rows = report(&mut app);
    let follows = rows.iter().find(|r| r.target == "https://www.linkedin.com/company/tidewave-logistics").unwrap();
    // Two of the three followers are leads (the rule's cap); the third is no lead to count.
    assert_eq!((follows.people, follows.added, follows.reached, follows.meetings), (2, 2, 1, 1));
    assert_eq!(follows.revenue_per_like, None, "follows are not likes");
    // Lena followed, reacted to the post, and booked: one meeting at 2 000 from the three likes
    // of people who are leads (the two the rule saved the next day, and her).
    let post = rows.iter().find(|r| r.target == POST).unwrap();
    assert_eq!((post.reactions, post.meetings, post.revenue_per_like), (3, 1, Some(2_000.0 / 3.0)));
}

#[test]
fn our_pages_are_read_from_what_a_rep_types() {
    let mut app = App::default();
    let request = Request::SetEngagement {
        ours: "@tidewavehq\nnot a page\ntidewave.example".into(),
        auto_add: false,
        daily_cap: 5,
        meeting_value: 0,
    };
    assert_eq!(
        app.handle(request, &ctx(0, "", now())).0,
        Response::EngagementSet { unread: vec!["not a page".into()] }
    );
    match app.handle(Request::GetEngagement, &ctx(0, "", now())).0 {
        Response::Engagement { ours, settings, .. } => {
            assert_eq!(ours, "x.com/tidewavehq\ntidewave.example");
            assert_eq!(settings.daily_cap, 5);
        }
        other => panic!("{other:?}"),
    }
}
