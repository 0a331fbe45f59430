//! Capture speed, natively: `cargo bench --bench capture`.

use criterion::{criterion_group, criterion_main, BatchSize, Criterion, Throughput};
use leadlens::app::{App, Context};
use leadlens::capture::capture_page;
use leadlens::messages::Request;

const POST: &str = "https://www.linkedin.com/feed/update/urn:li:activity:7401000000000000001";

mod pages;

fn capture(c: &mut Criterion) {
    let now = chrono::Utc::now();
    let inputs = [
        ("linkedin_profile_2mb", "https://www.linkedin.com/in/sophie-martin-lumen/", pages::linkedin_2mb()),
        ("team_page_500_people", "https://team.example/team", pages::team(500)),
        ("linkedin_post_500_reactions", POST, pages::post_reactions(500)),
        ("demo_team_page", "https://northwind.example/team", include_str!("../demo/site/team.html").to_string()),
    ];
    let mut group = c.benchmark_group("capture");
    for (name, url, html) in &inputs {
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(*name, |b| b.iter(|| capture_page(html, url, now)));
    }
    group.finish();
    // The whole pipe for an engagement list: capture, match each reactor, keep the engagement.
    let post = pages::post_reactions(500);
    let read = capture_page(&post, POST, now).engagements.len();
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
            |mut app| app.handle(Request::Page { html: post.clone(), truncated: false, vcards: vec![] }, &ctx),
            BatchSize::LargeInput,
        )
    });
    // The floor: parsing the HTML alone, which every capture does once.
    let page = &inputs[0].2;
    c.bench_function("html_parse_only/linkedin_profile_2mb", |b| b.iter(|| scraper::Html::parse_document(page)));
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = capture
}
criterion_main!(benches);
