//! `leadlens push`: drains an outbox into a CRM from the command line. The outbox is a JSON file
//! written (atomically) after every change, before anything is sent: a run killed at any point
//! resumes where it stopped when started again with the same state file.

use crate::crm::native::NativeTransport;
use crate::crm::{CrmKind, CrmSettings, Operation};
use crate::model::LeadId;
use crate::outbox::{drain, CrmLink, Entry, Outbox, OutboxChanges, State};
use chrono::Utc;
use clap::Args;
use serde::{Deserialize, Serialize};
use std::io::BufRead;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

#[derive(Args)]
pub struct PushArgs {
    /// bottlecrm, hubspot, salesforce, pipedrive or webhook.
    #[arg(long)]
    crm: CrmKind,
    /// The CRM's base URL (BottleCRM's own address, HubSpot's API host, the Salesforce instance,
    /// Pipedrive's API, or the webhook's URL).
    #[arg(long)]
    url: String,
    /// API token (the webhook's signing secret); defaults to $LEADLENS_CRM_TOKEN.
    #[arg(long)]
    token: Option<String>,
    /// Where the outbox is kept between runs; defaults to INPUT with `.outbox.json` appended.
    #[arg(long)]
    state: Option<PathBuf>,
    /// Stop waiting for retries after this many seconds (what is left stays in the state file).
    #[arg(long, default_value_t = 600)]
    max_wait: u64,
    /// Seconds before a request without an answer counts as a network error.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    /// JSON Lines, one operation a line: `{"lead_id": "lead-…", "op": "upsert_lead", "lead": {…}}`,
    /// see `crm::Operation`. Lines already queued by an earlier run are not queued again.
    input: PathBuf,
}

/// One input line: an operation about a lead.
#[derive(Deserialize)]
struct Line {
    lead_id: LeadId,
    #[serde(flatten)]
    op: Operation,
}

#[derive(Default, Serialize, Deserialize)]
struct Stored {
    /// How many input lines are queued already.
    queued: usize,
    entries: Vec<Entry>,
    links: Vec<CrmLink>,
}

#[derive(Serialize)]
struct Summary {
    sent: usize,
    done: usize,
    pending: usize,
    parked: usize,
    seconds: f64,
    entries_per_second: f64,
    parked_reasons: Vec<String>,
}

fn save(path: &Path, stored: &Stored) -> Result<(), String> {
    let tmp = path.with_extension("tmp");
    let json = serde_json::to_vec(stored).map_err(|e| e.to_string())?;
    std::fs::write(&tmp, json)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|e| format!("{}: {e}", path.display()))
}

fn apply(stored: &mut Stored, changes: &OutboxChanges) {
    for e in &changes.entries {
        match stored.entries.iter_mut().find(|x| x.key == e.key) {
            Some(x) => *x = e.clone(),
            None => stored.entries.push(e.clone()),
        }
    }
    for l in &changes.links {
        stored.links.retain(|x| x.lead != l.lead);
        stored.links.push(l.clone());
    }
}

pub fn push(args: PushArgs) -> Result<(), String> {
    // The environment keeps the token out of the process list.
    let token = args.token.or_else(|| std::env::var("LEADLENS_CRM_TOKEN").ok()).unwrap_or_default();
    let settings = CrmSettings { kind: args.crm, base_url: args.url, token, mapping: None };
    let connector = settings.connector().map_err(|e| e.to_string())?;
    let state = args.state.unwrap_or_else(|| {
        let mut p = args.input.clone().into_os_string();
        p.push(".outbox.json");
        p.into()
    });
    let mut stored: Stored = match std::fs::read(&state) {
        Ok(bytes) => serde_json::from_slice(&bytes).map_err(|e| format!("{}: {e}", state.display()))?,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Stored::default(),
        Err(e) => return Err(format!("{}: {e}", state.display())),
    };
    let (mut outbox, recovered) = Outbox::load(std::mem::take(&mut stored.entries), stored.links.clone(), Utc::now());
    stored.entries = outbox.entries().to_vec();
    apply(&mut stored, &recovered);

    let file = std::fs::File::open(&args.input).map_err(|e| format!("{}: {e}", args.input.display()))?;
    for (n, line) in std::io::BufReader::new(file).lines().enumerate().skip(stored.queued) {
        let line = line.map_err(|e| format!("{}: {e}", args.input.display()))?;
        if line.trim().is_empty() {
            stored.queued = n + 1;
            continue;
        }
        let Line { lead_id, op } =
            serde_json::from_str(&line).map_err(|e| format!("{} line {}: {e}", args.input.display(), n + 1))?;
        let changes = outbox.enqueue(lead_id, op, Utc::now());
        apply(&mut stored, &changes);
        stored.queued = n + 1;
    }
    save(&state, &stored)?;

    let mut transport = NativeTransport::new(Duration::from_secs(args.timeout));
    let started = Instant::now();
    let deadline = started + Duration::from_secs(args.max_wait);
    let mut sent = 0;
    loop {
        sent += drain(&mut outbox, connector.as_ref(), &mut transport, &Utc::now, &mut |c: &OutboxChanges| {
            apply(&mut stored, c);
            save(&state, &stored)
        })?;
        let Some(due) = outbox.next_due() else { break };
        let wait = (due - Utc::now()).to_std().unwrap_or_default();
        if Instant::now() + wait > deadline {
            break;
        }
        std::thread::sleep(wait);
    }
    let seconds = started.elapsed().as_secs_f64();
    let status = outbox.status();
    let done = outbox.entries().iter().filter(|e| e.state == State::Done).count();
    let summary = Summary {
        sent,
        done,
        pending: status.pending,
        parked: status.parked,
        seconds,
        entries_per_second: if seconds > 0.0 { sent as f64 / seconds } else { 0.0 },
        parked_reasons: outbox
            .entries()
            .iter()
            .filter_map(|e| match &e.state {
                State::Parked(r) => Some(format!("{} ({}): {r}", e.key, e.op.label())),
                _ => None,
            })
            .collect(),
    };
    println!("{}", serde_json::to_string(&summary).map_err(|e| e.to_string())?);
    if status.pending + status.parked > 0 {
        return Err(format!(
            "{} entries pending, {} parked; state kept in {}",
            status.pending,
            status.parked,
            state.display()
        ));
    }
    Ok(())
}
