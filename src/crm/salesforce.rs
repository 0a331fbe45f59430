use super::{Connector, CrmError, HttpResponse, Job, Mapping, Step};
pub fn default_mapping() -> Mapping {
    Mapping(vec![])
}
pub struct Salesforce {
    pub base: String,
    pub token: String,
    pub mapping: Mapping,
}
impl Connector for Salesforce {
    fn step(&self, _job: &Job, _a: &[HttpResponse]) -> Result<Step, CrmError> {
        Err(CrmError::NoCrmId)
    }
}
