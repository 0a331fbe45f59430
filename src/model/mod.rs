//! The types every stage shares: a lead and its values with their provenance, a captured contact,
//! a call task, qualification, the call list's stages and outcomes, engagement kept on a lead.
//!
//! Depends on nothing of ours but `normalize`'s value types (an email, an E.164 number, a social
//! profile) and `text`; every stage depends on it, so no stage has to reach into another for a type.
//! Not for behaviour: what a stage does with these types lives in that stage.

mod call;
mod contact;
mod engagement;
mod lead;
mod objective;
mod qualification;
mod source;
mod task;

pub use call::{LeadStage, Outcome};
pub use contact::{Contact, ContactAlternative, Phone, PhoneLabel};
pub use engagement::{EngagementKind, Event, MAX_EVENTS};
pub use lead::{AddedBy, FieldValue, Lead, LeadAlternative, LeadId, Provenance};
pub use objective::Objective;
pub use qualification::{Criterion, Qualification};
pub use source::{Extractor, Sourced};
pub use task::{CallTask, LoggedOutcome, TaskId, TaskKind, TaskStatus};
