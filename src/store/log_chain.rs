//! The access log's chain (접근 기록 위변조 탐지) and the roles' seal.
//!
//! Entry i carries `chain_i = MAC(k_i, chain_{i-1}, the entry)`; then `k_{i+1} = H(k_i)` replaces
//! `k_i` in `log_seal`. Anyone with the database key (every account) can therefore append, but
//! cannot compute an earlier key from the current one: rewriting, removing or reordering an
//! entry already written, or cutting the chain short, changes what a lead recomputes from a
//! checkpoint sealed under the lead-only key, which only leads and the recovery code hold. The
//! same key authenticates every account's role and state (`roles_mac`).
//!
//! This module never decides what is shown: it reports the first bad entry; the store logs it
//! and tells the lead.

use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Nonce};
use rand::RngCore;
use rusqlite::{named_params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

use super::keys::LeadKey;
use crate::domain::{AccessAction, CodeList};
use crate::error::{Error, Result};

/// Where a verification starts: an entry's seq, its key and the chain value before it.
#[derive(Serialize, Deserialize)]
struct Checkpoint {
    seq: i64,
    key: String,
    chain: String,
}

/// What a verification found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Entries whose MAC was checked.
    pub checked: usize,
    /// The first problem: the seq where it is, and what it is (Korean).
    pub problem: Option<(i64, String)>,
}

fn mac(key: &[u8], parts: &[&[u8]]) -> [u8; 32] {
    use blake2::digest::Mac;
    let mut mac =
        <blake2::Blake2sMac256 as blake2::digest::KeyInit>::new_from_slice(key).expect("a key");
    for part in parts {
        mac.update(&(part.len() as u64).to_le_bytes());
        mac.update(part);
    }
    mac.finalize().into_bytes().into()
}

fn next_key(key: &[u8; 32]) -> Zeroizing<[u8; 32]> {
    Zeroizing::new(mac(key, &[b"labordesk log next key"]))
}

#[allow(clippy::too_many_arguments)]
fn entry_chain(
    key: &[u8; 32],
    previous: &str,
    seq: i64,
    at: &str,
    username: &str,
    action: &str,
    record_id: Option<&str>,
    detail: Option<&str>,
) -> String {
    let opt = |v: Option<&str>| v.map_or(b"\x00null".to_vec(), |v| [b"=", v.as_bytes()].concat());
    hex::encode(mac(
        key,
        &[
            b"labordesk log entry",
            previous.as_bytes(),
            &seq.to_le_bytes(),
            at.as_bytes(),
            username.as_bytes(),
            action.as_bytes(),
            &opt(record_id),
            &opt(detail),
        ],
    ))
}

fn bad_seal() -> Error {
    Error::InvalidState("접근 기록의 봉인 값이 손상되었습니다".into())
}

fn hex32(text: &str) -> Result<Zeroizing<[u8; 32]>> {
    let bytes = hex::decode(text).map_err(|_| bad_seal())?;
    let arr = <[u8; 32]>::try_from(bytes.as_slice()).map_err(|_| bad_seal())?;
    Ok(Zeroizing::new(arr))
}

const CHECKPOINT_AAD: &[u8] = b"labordesk log checkpoint";

fn seal_checkpoint(lead: &LeadKey, cp: &Checkpoint) -> String {
    let mut nonce = [0u8; 12];
    rand::rng().fill_bytes(&mut nonce);
    let plain = Zeroizing::new(serde_json::to_vec(cp).expect("serializes"));
    let sealed = ChaCha20Poly1305::new_from_slice(lead.bytes())
        .expect("a 32-byte key")
        .encrypt(
            Nonce::from_slice(&nonce),
            Payload {
                msg: &plain,
                aad: CHECKPOINT_AAD,
            },
        )
        .expect("encryption of a short message");
    format!("{}:{}", hex::encode(nonce), hex::encode(sealed))
}

fn open_checkpoint(lead: &LeadKey, text: &str) -> Option<Checkpoint> {
    let (nonce, sealed) = text.split_once(':')?;
    let (nonce, sealed) = (hex::decode(nonce).ok()?, hex::decode(sealed).ok()?);
    if nonce.len() != 12 {
        return None;
    }
    let plain = Zeroizing::new(
        ChaCha20Poly1305::new_from_slice(lead.bytes())
            .ok()?
            .decrypt(
                Nonce::from_slice(&nonce),
                Payload {
                    msg: &sealed,
                    aad: CHECKPOINT_AAD,
                },
            )
            .ok()?,
    );
    serde_json::from_slice(&plain).ok()
}

/// Appends one entry: chained once a lead has sealed the log, plain before that.
pub(crate) fn append(
    conn: &Connection,
    at: &str,
    username: &str,
    action: AccessAction,
    record_id: Option<&str>,
    detail: Option<&str>,
) -> Result<()> {
    let seal: Option<(String, String)> = conn
        .prepare_cached("SELECT key, last_chain FROM log_seal WHERE id = 1")?
        .query_row([], |r| Ok((r.get("key")?, r.get("last_chain")?)))
        .optional()?;
    let Some((key, previous)) = seal else {
        conn.prepare_cached(
            "INSERT INTO access_log (at, username, action, record_id, detail) VALUES (:at, :username, :action, :record_id, :detail)",
        )?
        .execute(named_params! {
            ":at": at, ":username": username, ":action": action, ":record_id": record_id, ":detail": detail,
        })?;
        return Ok(());
    };
    let key = hex32(&key)?;
    // The seal's own count, so that entries cut off the end leave a gap the lead sees; past
    // any entry put in behind its back, so that appending never fails on a taken seq.
    let seq: i64 = conn.query_row(
        "SELECT max((SELECT next_seq FROM log_seal WHERE id = 1),
                    (SELECT coalesce(max(seq), 0) + 1 FROM access_log))",
        [],
        |r| r.get(0),
    )?;
    let chain = entry_chain(
        &key,
        &previous,
        seq,
        at,
        username,
        action.code(),
        record_id,
        detail,
    );
    conn.prepare_cached(
        "INSERT INTO access_log (seq, at, username, action, record_id, detail, chain)
         VALUES (:seq, :at, :username, :action, :record_id, :detail, :chain)",
    )?
    .execute(named_params! {
        ":seq": seq, ":at": at, ":username": username, ":action": action, ":record_id": record_id,
        ":detail": detail, ":chain": chain,
    })?;
    conn.prepare_cached(
        "UPDATE log_seal SET next_seq = :next, key = :key, last_chain = :chain WHERE id = 1",
    )?
    .execute(named_params! {
        ":next": seq + 1, ":key": hex::encode(*next_key(&key)), ":chain": chain,
    })?;
    Ok(())
}

/// Whether the log has been sealed (a lead has started the chain).
pub(crate) fn is_sealed(conn: &Connection) -> Result<bool> {
    Ok(conn
        .query_row("SELECT 1 FROM log_seal WHERE id = 1", [], |_| Ok(()))
        .optional()?
        .is_some())
}

/// Starts the chain at the next entry, with the lead-only key; seals the roles as they are.
pub(crate) fn start(conn: &Connection, lead: &LeadKey) -> Result<()> {
    let seq: i64 = conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM access_log",
        [],
        |r| r.get(0),
    )?;
    let mut k0 = Zeroizing::new([0u8; 32]);
    rand::rng().fill_bytes(k0.as_mut());
    let genesis = seal_checkpoint(
        lead,
        &Checkpoint {
            seq,
            key: hex::encode(*k0),
            chain: String::new(),
        },
    );
    conn.execute(
        "INSERT INTO log_seal (id, next_seq, key, last_chain, genesis, checkpoint, roles_mac)
         VALUES (1, :seq, :key, '', :genesis, :genesis, :roles)",
        named_params! {
            ":seq": seq, ":key": hex::encode(*k0), ":genesis": genesis, ":roles": roles_mac(conn, lead)?,
        },
    )?;
    Ok(())
}

/// Checks the chain from the last checkpoint (or, `full`, from where it began) to its head.
pub(crate) fn verify(conn: &Connection, lead: &LeadKey, full: bool) -> Result<Verdict> {
    let seal: Option<(i64, String, String, String, String)> = conn
        .query_row(
            "SELECT next_seq, key, last_chain, genesis, checkpoint FROM log_seal WHERE id = 1",
            [],
            |r| {
                Ok((
                    r.get("next_seq")?,
                    r.get("key")?,
                    r.get("last_chain")?,
                    r.get("genesis")?,
                    r.get("checkpoint")?,
                ))
            },
        )
        .optional()?;
    let Some((next_seq, head_key, head_chain, genesis, checkpoint)) = seal else {
        return Ok(Verdict {
            checked: 0,
            problem: Some((
                0,
                "접근 기록의 봉인이 없습니다(삭제되었을 수 있습니다)".into(),
            )),
        });
    };
    let from = if full { &genesis } else { &checkpoint };
    let Some(start) = open_checkpoint(lead, from) else {
        return Ok(Verdict {
            checked: 0,
            problem: Some((
                0,
                "접근 기록의 검증 기준점이 센터장 키로 열리지 않습니다(위조되었을 수 있습니다)"
                    .into(),
            )),
        });
    };
    let mut key = hex32(&start.key)?;
    let mut previous = start.chain;
    let mut expected = start.seq;
    let mut checked = 0;
    let mut stmt = conn.prepare(
        "SELECT seq, at, username, action, record_id, detail, chain FROM access_log
         WHERE seq >= :from ORDER BY seq",
    )?;
    let mut rows = stmt.query(named_params! {":from": start.seq})?;
    while let Some(r) = rows.next()? {
        let seq: i64 = r.get("seq")?;
        let problem = |what: String| Verdict {
            checked,
            problem: Some((seq, what)),
        };
        if seq != expected {
            return Ok(Verdict {
                checked,
                problem: Some((
                    expected,
                    format!("{expected}번부터 {seq}번 앞까지의 기록이 없습니다(삭제됨)"),
                )),
            });
        }
        let chain: Option<String> = r.get("chain")?;
        let action: String = r.get("action")?;
        let computed = entry_chain(
            &key,
            &previous,
            seq,
            &r.get::<_, String>("at")?,
            &r.get::<_, String>("username")?,
            &action,
            r.get::<_, Option<String>>("record_id")?.as_deref(),
            r.get::<_, Option<String>>("detail")?.as_deref(),
        );
        if chain.as_deref() != Some(computed.as_str()) {
            return Ok(problem(format!(
                "{seq}번 기록이 바뀌었거나 끼워 넣어졌습니다"
            )));
        }
        previous = computed;
        key = next_key(&key);
        expected += 1;
        checked += 1;
    }
    if next_seq != expected || head_chain != previous || hex32(&head_key)? != key {
        return Ok(Verdict {
            checked,
            problem: Some((
                expected,
                format!("{expected}번부터의 기록이 잘렸거나 봉인 값이 바뀌었습니다"),
            )),
        });
    }
    Ok(Verdict {
        checked,
        problem: None,
    })
}

/// Moves the checkpoint to the head, after a verification that found nothing.
pub(crate) fn advance_checkpoint(conn: &Connection, lead: &LeadKey) -> Result<()> {
    let (seq, key, chain): (i64, String, String) = conn.query_row(
        "SELECT next_seq, key, last_chain FROM log_seal WHERE id = 1",
        [],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    let cp = seal_checkpoint(lead, &Checkpoint { seq, key, chain });
    conn.execute(
        "UPDATE log_seal SET checkpoint = :cp WHERE id = 1",
        named_params! {":cp": cp},
    )?;
    Ok(())
}

fn roles_mac(conn: &Connection, lead: &LeadKey) -> Result<String> {
    let mut stmt = conn.prepare("SELECT username, role, active FROM accounts ORDER BY username")?;
    let mut rows = stmt.query([])?;
    let mut text = String::new();
    while let Some(r) = rows.next()? {
        let (u, role, active): (String, String, bool) =
            (r.get("username")?, r.get("role")?, r.get("active")?);
        text.push_str(&format!("{u}\u{0}{role}\u{0}{active}\n"));
    }
    Ok(hex::encode(mac(
        lead.bytes(),
        &[b"labordesk roles", text.as_bytes()],
    )))
}

/// Seals the accounts' roles as they are now: after a lead's own change of accounts.
pub(crate) fn seal_roles(conn: &Connection, lead: &LeadKey) -> Result<()> {
    conn.execute(
        "UPDATE log_seal SET roles_mac = :mac WHERE id = 1",
        named_params! {":mac": roles_mac(conn, lead)?},
    )?;
    Ok(())
}

/// Whether the accounts' roles and states are those a lead last sealed.
pub(crate) fn roles_intact(conn: &Connection, lead: &LeadKey) -> Result<bool> {
    let stored: Option<String> = conn
        .query_row("SELECT roles_mac FROM log_seal WHERE id = 1", [], |r| {
            r.get(0)
        })
        .optional()?;
    Ok(stored.is_some_and(|m| m == roles_mac(conn, lead).unwrap_or_default()))
}

impl super::Store {
    /// The lead-only key of `username` if their account is a lead. A lead whose entry in the key
    /// file lacks it while other leads have it is refused: the role was most likely raised in
    /// the database directly, by someone who holds only the database key.
    pub(super) fn lead_key_of(
        store: &super::Store,
        file: &super::keys::KeyFile,
        username: &str,
        password: &str,
    ) -> Result<Option<LeadKey>> {
        let is_lead = super::accounts::find_account(&store.conn, username)?
            .is_some_and(|a| a.role == crate::domain::Role::Lead);
        if !is_lead {
            return Ok(None);
        }
        let key = file.lead_key(username, password)?;
        if key.is_none() && file.has_lead_key() {
            return Err(Error::InvalidState(format!(
                "계정 {username}의 센터장 역할을 키 파일로 확인할 수 없어 열지 않았습니다. \
                 역할이 데이터베이스에서 직접 바뀌었을 수 있습니다. 다른 센터장이 먼저 로그인해 \
                 확인해야 합니다."
            )));
        }
        Ok(key)
    }

    /// After a lead's sign-in: the first lead of a store without a lead-only key makes it;
    /// otherwise the access log is verified from the last checkpoint and the roles against
    /// their seal. What is wrong is logged and kept for the lead (`integrity_problems`), never
    /// accepted silently: the checkpoint then stays where it was, so it is reported again.
    pub(super) fn after_sign_in(
        &mut self,
        lead: Option<LeadKey>,
        mut file: super::keys::KeyFile,
    ) -> Result<()> {
        if self.actor.role != crate::domain::Role::Lead {
            return Ok(());
        }
        let Some(key_path) = self.key_path.clone() else {
            return Ok(());
        };
        let lead = match lead {
            Some(lead) => lead,
            None => {
                // The first lead since the lead-only key exists (a new store, or one made
                // before it): the roles as they are now are taken as the truth.
                let lead = LeadKey::random();
                file.seal_lead(Some(&self.actor.username), &lead)?;
                file.seal_lead(None, &lead)?;
                if !file.holds_lead(&self.actor.username) || file.write(&key_path).is_err() {
                    // Nobody could unwrap it again (an entry still in the old form, a key file
                    // that cannot be written): the chain waits for the next sign-in.
                    return Ok(());
                }
                lead
            }
        };
        let mut problems = Vec::new();
        if !is_sealed(&self.conn)? {
            if self.log_was_sealed_before()? {
                problems
                    .push("접근 기록의 봉인이 없어졌습니다(삭제되었을 수 있습니다)".to_string());
            }
            start(&self.conn, &lead)?;
        } else {
            let verdict = verify(&self.conn, &lead, false)?;
            match verdict.problem {
                Some((seq, what)) => {
                    problems.push(format!("접근 기록 위변조 감지 — {seq}번: {what}"))
                }
                None => advance_checkpoint(&self.conn, &lead)?,
            }
            if !roles_intact(&self.conn, &lead)? {
                problems.push(
                    "계정 역할 위변조 감지 — 센터장이 정하지 않은 역할 또는 상태가 있습니다"
                        .to_string(),
                );
            }
        }
        if problems.is_empty() {
            // Roles are as a lead sealed them: leads who have no lead-only key yet (upgraded
            // from an older key file) get it now.
            let leads: Vec<String> = self
                .conn
                .prepare("SELECT username FROM accounts WHERE role = 'lead' AND active = 1")?
                .query_map([], |r| r.get(0))?
                .collect::<rusqlite::Result<_>>()?;
            let missing: Vec<&String> = leads.iter().filter(|u| file.lacks_lead(u)).collect();
            if !missing.is_empty() {
                for u in missing {
                    file.seal_lead(Some(u), &lead)?;
                }
                file.write(&key_path)?;
            }
        }
        for problem in &problems {
            self.log_read(AccessAction::Update, None, Some(problem))?;
        }
        self.integrity = problems;
        self.lead_key = Some(lead);
        Ok(())
    }

    /// Whether chained entries exist although the seal is gone.
    fn log_was_sealed_before(&self) -> Result<bool> {
        Ok(self
            .conn
            .query_row(
                "SELECT 1 FROM access_log WHERE chain IS NOT NULL LIMIT 1",
                [],
                |_| Ok(()),
            )
            .optional()?
            .is_some())
    }

    /// What the checks at this lead's sign-in found wrong (Korean, with the first bad entry);
    /// empty when all is well or for another role.
    pub fn integrity_problems(&self) -> &[String] {
        &self.integrity
    }

    /// What the checks at this sign-in found wrong, for the lead's screens (center lead only).
    pub fn access_log_problems(&self) -> Result<Vec<String>> {
        self.require(super::accounts::Permission::ViewAccessLog)?;
        Ok(self.integrity.clone())
    }

    /// `labordesk log verify`: the whole chain from where it began, and the roles (center lead
    /// with the lead-only key only).
    pub fn verify_access_log(&self) -> Result<Verdict> {
        self.require(super::accounts::Permission::ViewAccessLog)?;
        let Some(lead) = &self.lead_key else {
            return Err(Error::InvalidState(
                "센터장 전용 키가 없어 접근 기록을 검증할 수 없습니다(암호화된 데이터베이스에 센터장으로 로그인해야 합니다).".into(),
            ));
        };
        let mut verdict = verify(&self.conn, lead, true)?;
        if verdict.problem.is_none() && !roles_intact(&self.conn, lead)? {
            verdict.problem = Some((
                0,
                "계정 역할 위변조 감지 — 센터장이 정하지 않은 역할 또는 상태가 있습니다".into(),
            ));
        }
        Ok(verdict)
    }
}
