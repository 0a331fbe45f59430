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
#[cfg(any(test, feature = "testkit"))]
pub mod fuzzing;
pub mod matching;
pub mod messages;
pub mod model;
pub mod normalize;
pub mod outbox;
pub mod plan;
pub mod sync;
#[cfg(any(test, feature = "testkit"))]
pub mod synth;
pub mod text;

#[cfg(target_arch = "wasm32")]
pub mod browser;
