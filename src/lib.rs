//! Leadlens core: turns a web page into leads and call tasks.
//!
//! Data flows one way: page -> [`capture`] -> [`matching`] -> [`book`] -> [`plan`] -> [`outbox`] ->
//! [`crm`], with [`sync`] pulling the CRM's leads back into the book. Each module uses only those
//! below it (`tests/layers.rs` fails on a cycle), bottom up:
//!
//! - [`lexicon`], [`text`], [`normalize`]: the word lists per language (data files), untrusted
//!   text cleaned, values in one canonical form;
//! - [`model`]: the types every stage shares (lead, contact, call task, engagement event);
//! - [`reading`]: which sites are read at all, and where everyone opened is saved;
//! - [`engagement`], [`capture`], [`matching`], [`plan`], [`book`]: the stages;
//! - [`crm`], [`outbox`]: the connectors, and the durable queue that drives them;
//! - [`messages`], [`app`], [`sync`], [`worker`]: the state machine the extension runs, its CRM
//!   sync, and the service worker's policy over a storage trait;
//! - the shells on top: [`cli`] (native) and `browser` (wasm32 only, the only code that knows
//!   about the browser).
//!
//! Everything below the shells is plain Rust that native tests and the CLI call directly.

pub mod app;
pub mod book;
pub mod capture;
#[cfg(not(target_arch = "wasm32"))]
pub mod cli;
pub mod crm;
pub mod engagement;
#[cfg(any(test, feature = "testkit"))]
pub mod fuzzing;
pub mod lexicon;
pub mod matching;
pub mod messages;
pub mod model;
pub mod normalize;
pub mod order;
pub mod outbox;
pub mod plan;
pub mod reading;
pub mod sync;
#[cfg(any(test, feature = "testkit"))]
pub mod synth;
pub mod text;
pub mod worker;

#[cfg(target_arch = "wasm32")]
pub mod browser;
