//! Leadlens core: turns a web page into leads and call tasks.
//!
//! Data flows one way: page -> [`capture`] -> [`normalize`] -> [`matching`] -> [`book`] -> [`plan`].
//! [`app`] ties the stages into the state machine the extension runs; everything here is plain Rust
//! that native tests and the CLI call directly. Only [`browser`] (wasm32 only) knows about the browser.

pub mod app;
pub mod book;
pub mod capture;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod crm;
pub mod engagement;
#[doc(hidden)]
pub mod fuzzing;
pub mod lexicon;
pub mod matching;
pub mod messages;
pub mod normalize;
pub mod outbox;
pub mod plan;
pub mod sync;
pub mod synth;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod browser;
