//! Normalisation: one canonical form per value, so that the same person found twice yields the same
//! keys. Not for: deciding who is who (that is `matching`).

pub mod address;
pub mod company;
pub mod email;
pub mod fold;
pub mod name;
pub mod page;
pub mod phone;
pub mod social;
pub mod timezone;

pub use address::address_key;
pub use company::{company_key, has_legal_form, CompanyName};
pub use email::{is_free_mail, unbracket, Email, EmailError};
pub use name::{is_suffix, parse_name, PersonName};
pub use page::page_address;
pub use phone::{
    countries_of_language, known_region, parse_phone, region_from_host, region_from_lang, region_from_language,
    PhoneE164, PhoneInfo, PhoneKind,
};
pub use social::{Network, SocialProfile};
pub use timezone::{country_code, is_place, zone_for_phone, zone_for_place};
