use super::{Connector, CrmError, HttpResponse, Job, Mapping, Step};
pub fn default_mapping() -> Mapping {
    Mapping(vec![])
}
pub struct HubSpot {
    pub base: String,
    pub token: String,
    pub mapping: Mapping,
}
impl Connector for HubSpot {
    fn step(&self, _job: &Job, _a: &[HttpResponse]) -> Result<Step, CrmError> {
        Err(CrmError::NoCrmId)
    }
}
