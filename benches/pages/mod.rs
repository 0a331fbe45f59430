//! Benchmark pages, generated the same way for the native and the in-browser benchmarks.

/// A LinkedIn-sized profile page (about 2 MB): the profile fixture, wrapped in the inline data,
/// styles and feed markup that make real profile pages that large.
pub fn linkedin_2mb() -> String {
    let profile = include_str!("../../tests/fixtures/sites/linkedin.com/in/sophie-martin-lumen.html");
    let (head, body) = profile.split_once("<body").unwrap_or((profile, ""));
    let mut filler = String::with_capacity(2 * 1024 * 1024);
    let mut i = 0;
    while filler.len() < 1_900_000 {
        filler.push_str(&format!(
            r#"<code style="display: none" id="bpr-guid-{i}">{{"data":{{"entityUrn":"urn:li:fs_miniProfile:{i}","included":[{{"$type":"com.linkedin.voyager.feed.Update","text":"Post number {i} about supply chains and procurement in Europe"}}]}}}}</code>
<div class="feed-shared-update-v2" data-urn="urn:li:activity:{i}"><div class="update-components-actor"><span class="update-components-actor__name"><span aria-hidden="true">Member {i}</span></span><span class="update-components-actor__description">Works at Company {i}</span></div><div class="update-components-text"><span dir="ltr">Great insight on procurement, thanks for sharing. #{i}</span></div><button aria-label="React Like to Member {i}’s post">Like</button></div>
"#
        ));
        i += 1;
    }
    format!("{head}<body{}", body.replacen("</main>", &format!("{filler}</main>"), 1))
}

/// A team page with `n` people, each a card with a name, title, email and phone.
pub fn team(n: usize) -> String {
    let cards: String = (0..n)
        .map(|i| {
            format!(
                r#"<li class="card"><h3>Person Number{i}</h3><p class="title">Head of Sales EMEA</p><a href="mailto:person{i}@team.example">person{i}@team.example</a> <a href="tel:+4420794600{:02}">+44 20 7946 00{:02}</a></li>"#,
                i % 100,
                i % 100
            )
        })
        .collect();
    format!("<!doctype html><html><head><title>Team</title></head><body><h1>Our team</h1><ul>{cards}</ul><footer>info@team.example</footer></body></html>")
}

/// One of our LinkedIn posts with `n` people in its reactions list (the post fixture's first
/// reactor, repeated with distinct names and profiles).
pub fn post_reactions(n: usize) -> String {
    let post =
        include_str!("../../tests/fixtures/sites/linkedin.com/feed/update/urn:li:activity:7401000000000000001.html");
    let start = post.find("<li class=\"artdeco-list__item social-details-reactors").expect("a reactor");
    let end = start + post[start..].find("</li>").expect("its end") + "</li>".len();
    let item = &post[start..end];
    let items: String = (0..n)
        .map(|i| {
            item.replace("sophie-martin-lumen", &format!("reactor-{i}"))
                .replace("Sophie Martin", &format!("Reactor Number{i}"))
        })
        .collect();
    format!("{}{items}{}", &post[..start], &post[end..])
}
