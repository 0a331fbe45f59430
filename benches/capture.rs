//! Capture speed, natively: `cargo bench --bench capture`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use leadlens::app::{App, Context};
use leadlens::capture::{capture, serialized, Markup, Page, MAX_NESTING};
use leadlens::messages::Request;

const POST: &str = "https://www.linkedin.com/feed/update/urn:li:activity:7401000000000000001";

mod pages;

fn capture_speed(c: &mut Criterion) {
    let now = chrono::Utc::now();
    let inputs = [
        ("linkedin_profile_2mb", "https://www.linkedin.com/in/sophie-martin-lumen/", pages::linkedin_2mb()),
        ("team_page_500_people", "https://team.example/team", pages::team(500)),
        ("linkedin_post_500_reactions", POST, pages::post_reactions(500)),
        ("demo_team_page", "https://northwind.example/team", include_str!("../demo/site/team.html").to_string()),
    ];
    // Each page as a saved file (parsed by html5ever) and as the content script sends it: the
    // browser's serialization of its DOM (here html5ever's serializer stands in for the browser's).
    let mut group = c.benchmark_group("capture");
    for &(name, url, ref html) in &inputs {
        let outer = outer_html(html);
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(format!("{name}/source"), |b| {
            b.iter(|| capture(&Page { html, url, ..Page::default() }, now))
        });
        group.bench_function(format!("{name}/serialized"), |b| {
            b.iter(|| capture(&Page { html: &outer, markup: Markup::Serialized, url, ..Page::default() }, now))
        });
    }
    group.finish();
    // The whole pipe for an engagement list: capture, match each reactor, keep the engagement.
    let post = outer_html(&pages::post_reactions(500));
    let read =
        capture(&Page { html: &post, markup: Markup::Serialized, url: POST, ..Page::default() }, now).engagements.len();
    assert_eq!(read, 506, "the 500, and the fixture's other four reactions and two comments");
    let ours = "https://www.linkedin.com/company/tidewave-logistics/";
    let settings = Request::SetEngagement { ours: ours.into(), auto_add: false, daily_cap: 0, meeting_value: 0 };
    let ctx = Context { now, rep_offset_minutes: 0, tab: Some((1, POST.to_string())) };
    c.bench_function("engagement/linkedin_post_500_reactions_filed", |b| {
        b.iter_batched(
            || {
                let mut app = App::default();
                app.handle(settings.clone(), &ctx);
                app
            },
            |mut app| {
                app.handle(Request::Page { html: post.clone(), truncated: false, vcards: vec![], read_at: None }, &ctx)
            },
            BatchSize::LargeInput,
        )
    });
    // The floor: the page's tree alone, which every capture builds once.
    let page = &inputs[0].2;
    c.bench_function("tree_only/linkedin_profile_2mb/source", |b| b.iter(|| scraper::Html::parse_document(page)));
    let outer = outer_html(page);
    c.bench_function("tree_only/linkedin_profile_2mb/serialized", |b| b.iter(|| serialized::read(&outer, MAX_NESTING)));
}

fn outer_html(source: &str) -> String {
    scraper::Html::parse_document(source).root_element().html()
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = capture_speed
}
criterion_main!(benches);
