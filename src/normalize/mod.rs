//! Normalisation: one canonical form per value, so that the same person found twice yields the same
//! keys. Not for: deciding who is who (that is `matching`).

pub mod company;
pub mod email;
pub mod name;
pub mod phone;
pub mod social;

pub use company::{company_key, CompanyName};
pub use email::{Email, EmailError};
pub use name::{parse_name, PersonName};
pub use phone::{parse_phone, PhoneE164, PhoneInfo, PhoneKind};
pub use social::{Network, SocialProfile};
