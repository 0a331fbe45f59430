//! Capture speed, natively: `cargo bench --bench capture`.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use leadlens::capture::capture_page;

mod pages;

fn capture(c: &mut Criterion) {
    let now = chrono::Utc::now();
    let inputs = [
        ("linkedin_profile_2mb", "https://www.linkedin.com/in/sophie-martin-lumen/", pages::linkedin_2mb()),
        ("team_page_500_people", "https://team.example/team", pages::team(500)),
        ("demo_team_page", "https://northwind.example/team", include_str!("../demo/site/team.html").to_string()),
    ];
    let mut group = c.benchmark_group("capture");
    for (name, url, html) in &inputs {
        group.throughput(Throughput::Bytes(html.len() as u64));
        group.bench_function(*name, |b| b.iter(|| capture_page(html, url, now)));
    }
    group.finish();
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
