//! Password hashing with argon2id, on a fixed pool of threads that never grows.
//!
//! Each argon2id hash needs 19 MiB of working memory. Hashing on tokio's blocking pool let a
//! flood of sign-in attempts run hundreds of hashes at once (gigabytes), and the allocator kept
//! the memory afterwards. Here a fixed number of worker threads (one per core) each own one
//! buffer of argon2 blocks, allocated once and reused for every hash
//! (`hash_password_into_with_memory`), so hashing memory is bounded by workers × 19 MiB and
//! never churns through the allocator. Requests wait in a bounded queue; when it is full the
//! caller is told to come back later ([`Error::Busy`], answered 503 with `Retry-After`).

use app::i18n::msg::Msg;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, SyncSender, TrySendError, sync_channel};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use argon2::password_hash::rand_core::OsRng;
use argon2::password_hash::{Output, ParamsString, PasswordHash, SaltString};
use argon2::{Algorithm, Argon2, Block, Params, Version};
use tokio::sync::oneshot;

use crate::error::{Error, Result};

/// The shortest password accepted.
pub const MIN_LENGTH: usize = 10;
/// The longest: argon2 would accept more, but nobody types it and it bounds the work.
pub const MAX_LENGTH: usize = 256;
/// Hashes that may wait per worker before callers are told to come back later.
const QUEUE_PER_WORKER: usize = 32;
/// A worker without work for this long frees its working memory.
const IDLE: Duration = Duration::from_secs(2);

/// Why a new password is refused, in words for the person choosing it.
pub fn check_new(password: &str) -> Result<()> {
    let n = password.chars().count();
    if n < MIN_LENGTH {
        return Err(Error::BadRequest(Msg::PasswordTooShort { min: MIN_LENGTH }));
    }
    if n > MAX_LENGTH {
        return Err(Error::BadRequest(Msg::PasswordTooLong { max: MAX_LENGTH }));
    }
    Ok(())
}

/// A hash that matches no password, verified when an account does not exist so that a wrong
/// e-mail address takes as long as a wrong password.
pub const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHRzYWx0$Wm9ndXNoYXNoWm9ndXNoYXNoWm9ndXNoYXNoWm9ndXM";

enum Job {
    Hash { password: String, reply: oneshot::Sender<Result<String>> },
    Verify { password: String, stored: String, reply: oneshot::Sender<bool> },
}

/// The hashing pool. Cloning it shares the pool.
#[derive(Clone)]
pub struct Passwords {
    inner: Arc<Inner>,
}

struct Inner {
    jobs: SyncSender<Job>,
    workers: usize,
    /// Hashes queued or running, for the `Retry-After` estimate.
    in_flight: AtomicUsize,
    /// A moving average of one hash, in microseconds.
    typical_micros: AtomicU64,
    /// Password checks done since start (tests count real checks with it).
    verified: AtomicU64,
}

impl Passwords {
    /// A pool of `workers` threads (at least one).
    pub fn new(workers: usize) -> Passwords {
        let workers = workers.max(1);
        let (jobs, queue) = sync_channel(workers * QUEUE_PER_WORKER);
        let queue = Arc::new(Mutex::new(queue));
        let inner = Arc::new(Inner {
            jobs,
            workers,
            in_flight: AtomicUsize::new(0),
            typical_micros: AtomicU64::new(30_000),
            verified: AtomicU64::new(0),
        });
        for n in 0..workers {
            let (queue, weak) = (queue.clone(), Arc::downgrade(&inner));
            std::thread::Builder::new()
                .name(format!("argon2-{n}"))
                .spawn(move || worker(&queue, &weak))
                .expect("starting a password-hashing thread");
        }
        Passwords { inner }
    }

    /// One worker per core.
    pub fn for_this_machine() -> Passwords {
        Passwords::new(std::thread::available_parallelism().map(|n| n.get()).unwrap_or(2))
    }

    fn submit(&self, job: Job) -> Result<()> {
        match self.inner.jobs.try_send(job) {
            Ok(()) => {
                self.inner.in_flight.fetch_add(1, Ordering::Relaxed);
                Ok(())
            }
            Err(TrySendError::Full(_)) => Err(Error::Busy { retry_after: self.retry_after() }),
            Err(TrySendError::Disconnected(_)) => Err(Error::Internal(anyhow::anyhow!("password workers stopped"))),
        }
    }

    /// Seconds until the queue has likely drained: the wait a refused caller is asked for.
    fn retry_after(&self) -> u64 {
        let queued = self.inner.in_flight.load(Ordering::Relaxed) as u64;
        let micros = queued * self.inner.typical_micros.load(Ordering::Relaxed) / self.inner.workers as u64;
        (micros / 1_000_000).clamp(1, 30)
    }

    /// How long one hash typically takes: callers that refuse early wait as long, so the
    /// answer's timing does not tell whether a password was checked.
    pub fn typical(&self) -> Duration {
        Duration::from_micros(self.inner.typical_micros.load(Ordering::Relaxed))
    }

    /// Password checks done since the pool started.
    pub fn verified(&self) -> u64 {
        self.inner.verified.load(Ordering::Relaxed)
    }

    /// Hashes a password with argon2id and a random salt, as a PHC string.
    ///
    /// # Errors
    /// `Busy` when too many hashes are waiting.
    pub async fn hash(&self, password: String) -> Result<String> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Hash { password, reply })?;
        answer.await.map_err(|_| Error::Internal(anyhow::anyhow!("password worker stopped")))?
    }

    /// Whether `password` matches the stored PHC string.
    ///
    /// # Errors
    /// `Busy` when too many hashes are waiting.
    pub async fn verify(&self, password: String, stored: String) -> Result<bool> {
        let (reply, answer) = oneshot::channel();
        self.submit(Job::Verify { password, stored, reply })?;
        answer.await.map_err(|_| Error::Internal(anyhow::anyhow!("password worker stopped")))
    }
}

/// One worker: takes jobs until the pool is dropped, reusing one block buffer for all of them,
/// and handing it back to the system after [`IDLE`] without work.
fn worker(queue: &Mutex<Receiver<Job>>, pool: &std::sync::Weak<Inner>) {
    let mut blocks: Vec<Block> = Vec::new();
    loop {
        let job = match queue.lock() {
            Ok(q) => q.recv_timeout(IDLE),
            Err(_) => return,
        };
        let job = match job {
            Ok(job) => job,
            Err(RecvTimeoutError::Timeout) => {
                // 19 MiB is allocated by mmap and so returned to the system when freed.
                blocks = Vec::new();
                continue;
            }
            Err(RecvTimeoutError::Disconnected) => return,
        };
        let started = Instant::now();
        match job {
            Job::Hash { password, reply } => {
                let _ = reply.send(hash_with(&mut blocks, &password));
            }
            Job::Verify { password, stored, reply } => {
                let matches = verify_with(&mut blocks, &password, &stored);
                if let Some(p) = pool.upgrade() {
                    p.verified.fetch_add(1, Ordering::Relaxed);
                }
                let _ = reply.send(matches);
            }
        }
        let Some(p) = pool.upgrade() else { return };
        p.in_flight.fetch_sub(1, Ordering::Relaxed);
        let took = started.elapsed().as_micros() as u64;
        let old = p.typical_micros.load(Ordering::Relaxed);
        p.typical_micros.store((old * 7 + took) / 8, Ordering::Relaxed);
    }
}

/// The reusable buffer, grown to the block count `params` need.
fn memory_for<'a>(blocks: &'a mut Vec<Block>, params: &Params) -> &'a mut [Block] {
    if blocks.len() < params.block_count() {
        blocks.resize(params.block_count(), Block::default());
    }
    &mut blocks[..params.block_count()]
}

fn hash_with(blocks: &mut Vec<Block>, password: &str) -> Result<String> {
    let failed = |e: &dyn std::fmt::Display| Error::Internal(anyhow::anyhow!("password hashing failed: {e}"));
    let params = Params::default();
    let argon = Argon2::new(Algorithm::Argon2id, Version::V0x13, params.clone());
    let salt = SaltString::generate(&mut OsRng);
    let mut salt_bytes = [0u8; 64];
    let salt_bytes = salt.decode_b64(&mut salt_bytes).map_err(|e| failed(&e))?;
    let mut out = [0u8; Params::DEFAULT_OUTPUT_LEN];
    argon
        .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, memory_for(blocks, &params))
        .map_err(|e| failed(&e))?;
    let phc = PasswordHash {
        algorithm: Algorithm::Argon2id.ident(),
        version: Some(Version::V0x13.into()),
        params: ParamsString::try_from(&params).map_err(|e| failed(&e))?,
        salt: Some(salt.as_salt()),
        hash: Some(Output::new(&out).map_err(|e| failed(&e))?),
    };
    Ok(phc.to_string())
}

fn verify_with(blocks: &mut Vec<Block>, password: &str, stored: &str) -> bool {
    let Ok(phc) = PasswordHash::new(stored) else { return false };
    let (Some(salt), Some(expected)) = (phc.salt, phc.hash) else { return false };
    let Ok(algorithm) = Algorithm::try_from(phc.algorithm) else { return false };
    let Ok(version) = phc.version.map(Version::try_from).transpose() else { return false };
    let Ok(params) = Params::try_from(&phc) else { return false };
    let mut salt_bytes = [0u8; 64];
    let Ok(salt_bytes) = salt.decode_b64(&mut salt_bytes) else { return false };
    let mut out = vec![0u8; expected.len()];
    let argon = Argon2::new(algorithm, version.unwrap_or_default(), params.clone());
    if argon
        .hash_password_into_with_memory(password.as_bytes(), salt_bytes, &mut out, memory_for(blocks, &params))
        .is_err()
    {
        return false;
    }
    // `Output`'s equality is constant-time.
    Output::new(&out).is_ok_and(|computed| computed == expected)
}

#[cfg(test)]
mod tests {
    use argon2::PasswordVerifier;

    use super::*;

    #[tokio::test]
    async fn hashes_verify_and_match_the_argon2_crate() {
        let pool = Passwords::new(1);
        let phc = pool.hash("correct horse battery staple".into()).await.unwrap();
        assert!(phc.starts_with("$argon2id$v=19$m=19456,t=2,p=1$"), "{phc}");
        assert!(pool.verify("correct horse battery staple".into(), phc.clone()).await.unwrap());
        assert!(!pool.verify("wrong horse battery staple".into(), phc.clone()).await.unwrap());
        // The crate's own verifier agrees with ours, both ways.
        let parsed = PasswordHash::new(&phc).unwrap();
        assert!(Argon2::default().verify_password(b"correct horse battery staple", &parsed).is_ok());
        let theirs = argon2::PasswordHasher::hash_password(
            &Argon2::default(),
            b"another pass phrase",
            &SaltString::generate(&mut OsRng),
        )
        .unwrap()
        .to_string();
        assert!(pool.verify("another pass phrase".into(), theirs).await.unwrap());
        assert!(!pool.verify("x".into(), DUMMY_HASH.into()).await.unwrap());
        assert!(!pool.verify("x".into(), "not a hash".into()).await.unwrap());
        assert_eq!(pool.verified(), 5);
    }

    #[tokio::test]
    async fn a_full_queue_says_come_back_later() {
        let pool = Passwords::new(1);
        let mut waiting = Vec::new();
        let mut busy = 0;
        for _ in 0..(QUEUE_PER_WORKER + 10) {
            let (reply, answer) = oneshot::channel();
            match pool.submit(Job::Verify { password: "x".into(), stored: DUMMY_HASH.into(), reply }) {
                Ok(()) => waiting.push(answer),
                Err(Error::Busy { retry_after }) => {
                    assert!(retry_after >= 1);
                    busy += 1;
                }
                Err(e) => panic!("{e}"),
            }
        }
        assert!(busy >= 9, "only {busy} refused");
        for w in waiting {
            assert!(!w.await.unwrap());
        }
    }
}
