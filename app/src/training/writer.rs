//! Group commit for answer saves (server only). Every save of the process goes to one
//! writer task per database, which takes all saves waiting at that moment, writes them
//! in one transaction and answers each once it has committed. Under load that is one
//! lock and one commit for many examinees instead of one each; a save is confirmed
//! only after its commit, so a confirmed answer is durable. The writer runs on its own
//! task, so a client that goes away mid-save never cancels a transaction.

use super::model::AnswerSave;
use super::repo;
use super::rules::SAVE_GRACE_MS;
use crate::db::Db;
use crate::error::AppError;
use std::collections::HashMap;
use std::sync::{Arc, Mutex, OnceLock};
use tokio::sync::{mpsc, oneshot};

/// The most saves written in one transaction.
const MAX_BATCH: usize = 512;

struct SaveJob {
    attempt_id: String,
    saves: Vec<AnswerSave>,
    now: i64,
    /// Whether the attempt still took saves.
    reply: oneshot::Sender<Result<bool, AppError>>,
}

type Writers = Mutex<HashMap<usize, mpsc::UnboundedSender<SaveJob>>>;

fn writers() -> &'static Writers {
    static WRITERS: OnceLock<Writers> = OnceLock::new();
    WRITERS.get_or_init(Default::default)
}

/// The writer of `db`'s pool, started on first use (and again if its runtime ended).
fn writer_for(db: &Db) -> mpsc::UnboundedSender<SaveJob> {
    let key = Arc::as_ptr(&db.pool.connect_options()) as *const () as usize;
    let mut map = writers().lock().unwrap_or_else(|e| e.into_inner());
    if let Some(tx) = map.get(&key).filter(|tx| !tx.is_closed()) {
        return tx.clone();
    }
    let (tx, rx) = mpsc::unbounded_channel();
    tokio::spawn(run(db.clone(), rx));
    map.insert(key, tx.clone());
    tx
}

/// Saves `saves` into the attempt if it is still open (in progress, within the
/// deadline's grace); returns whether it was.
pub async fn save(
    db: &Db,
    attempt_id: &str,
    saves: &[AnswerSave],
    now: i64,
) -> Result<bool, AppError> {
    let (reply, answer) = oneshot::channel();
    let job = SaveJob {
        attempt_id: attempt_id.to_string(),
        saves: saves.to_vec(),
        now,
        reply,
    };
    writer_for(db)
        .send(job)
        .map_err(|_| AppError::internal("answer writer stopped"))?;
    answer
        .await
        .map_err(|_| AppError::internal("answer writer dropped a save"))?
}

async fn run(db: Db, mut jobs: mpsc::UnboundedReceiver<SaveJob>) {
    while let Some(first) = jobs.recv().await {
        let mut batch = vec![first];
        while batch.len() < MAX_BATCH {
            match jobs.try_recv() {
                Ok(job) => batch.push(job),
                Err(_) => break,
            }
        }
        match write(&db, &batch).await {
            Ok(open) => {
                for (job, open) in batch.into_iter().zip(open) {
                    let _ = job.reply.send(Ok(open));
                }
            }
            // One bad save must not fail the others: write them one by one.
            Err(_) if batch.len() > 1 => {
                for job in batch {
                    let result = write(&db, std::slice::from_ref(&job))
                        .await
                        .map(|open| open[0]);
                    let _ = job.reply.send(result);
                }
            }
            Err(e) => {
                for job in batch {
                    let _ = job.reply.send(Err(e.clone()));
                }
            }
        }
    }
}

async fn write(db: &Db, batch: &[SaveJob]) -> Result<Vec<bool>, AppError> {
    let mut tx = db.begin_write().await?;
    let mut open = Vec::with_capacity(batch.len());
    for job in batch {
        let accepted =
            repo::claim_for_save(&mut tx, &job.attempt_id, job.now, SAVE_GRACE_MS).await?;
        if accepted {
            for save in &job.saves {
                repo::upsert_answer(&mut tx, &job.attempt_id, save, job.now).await?;
            }
        }
        open.push(accepted);
    }
    tx.commit().await?;
    Ok(open)
}
