//! Writes the benchmark pages to a folder, for the in-browser benchmark (`benches/browser.mjs`).

#[path = "../benches/pages/mod.rs"]
mod pages;

fn main() -> std::io::Result<()> {
    let dir = std::path::PathBuf::from(std::env::args().nth(1).unwrap_or_else(|| "target/bench-pages".into()));
    std::fs::create_dir_all(&dir)?;
    std::fs::write(dir.join("linkedin-2mb.html"), pages::linkedin_2mb())?;
    std::fs::write(dir.join("team-500.html"), pages::team(500))?;
    std::fs::write(dir.join("post-500-reactions.html"), pages::post_reactions(500))?;
    Ok(())
}
