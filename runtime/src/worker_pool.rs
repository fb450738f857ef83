//! A fixed set of worker threads that `send_transactions` reuses for every
//! batch, so per-thread state (VM memory, decompressed keys) survives from
//! one batch to the next.
//!
//! [`WorkerPool::map`] is a scoped parallel map: the work may borrow from
//! the caller, because `map` does not return before every worker has
//! finished with it.

use std::{
    panic::{catch_unwind, AssertUnwindSafe},
    sync::{mpsc, Arc, Condvar, Mutex},
    thread::JoinHandle,
};

type Job = Box<dyn FnOnce() + Send + 'static>;

/// Counts outstanding jobs; `wait` returns when all are done.
struct Latch {
    pending: Mutex<usize>,
    done: Condvar,
}

impl Latch {
    fn new(count: usize) -> Self {
        Self { pending: Mutex::new(count), done: Condvar::new() }
    }

    fn count_down(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        *pending = pending.saturating_sub(1);
        if *pending == 0 {
            self.done.notify_all();
        }
    }

    fn wait(&self) {
        let mut pending = self.pending.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        while *pending > 0 {
            pending = self.done.wait(pending).unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }
}

/// One contiguous share of a `map`: its items, the function, its results.
struct Chunk<'f, T, R, F> {
    f: &'f F,
    items: Mutex<Vec<T>>,
    results: Mutex<Option<std::thread::Result<Vec<R>>>>,
}

/// Runs the chunk at `chunk`, storing its results (or its panic) in it.
///
/// # Safety
///
/// `chunk` must point to a live `Chunk<T, R, F>` that outlives the call.
unsafe fn run_chunk<T, R, F: Fn(T) -> R>(chunk: *const ()) {
    // SAFETY: guaranteed by the caller.
    let chunk = unsafe { &*chunk.cast::<Chunk<'_, T, R, F>>() };
    let items = std::mem::take(&mut *chunk.items.lock().unwrap_or_else(|poisoned| poisoned.into_inner()));
    let results = catch_unwind(AssertUnwindSafe(|| items.into_iter().map(chunk.f).collect::<Vec<R>>()));
    *chunk.results.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(results);
}

/// A type-erased pointer to a `Chunk`, sent to a worker.
struct ChunkPtr(*const ());

// SAFETY: the pointee is only accessed through `run_chunk`, whose item,
// result and function types are `Send`/`Sync` as `map` requires, and it is
// kept alive until the worker has signalled the latch.
unsafe impl Send for ChunkPtr {}

struct Worker {
    jobs: mpsc::Sender<Job>,
    handle: Option<JoinHandle<()>>,
}

/// Worker threads plus the calling thread.
pub(crate) struct WorkerPool {
    workers: Vec<Worker>,
}

impl WorkerPool {
    /// A pool that runs work on `threads` threads in all: the caller and
    /// `threads - 1` workers.
    pub(crate) fn new(threads: usize) -> Self {
        let workers = (1..threads.max(1))
            .filter_map(|index| {
                let (jobs, queue) = mpsc::channel::<Job>();
                let handle = std::thread::Builder::new()
                    .name(format!("lamport-worker-{index}"))
                    .spawn(move || {
                        while let Ok(job) = queue.recv() {
                            job();
                        }
                    })
                    .ok()?;
                Some(Worker { jobs, handle: Some(handle) })
            })
            .collect();
        Self { workers }
    }

    /// Number of threads work runs on.
    pub(crate) fn threads(&self) -> usize {
        self.workers.len().saturating_add(1)
    }

    /// `items.map(f)` on all threads, results in order. A panic in `f` is
    /// resumed on the caller once every thread has stopped.
    pub(crate) fn map<T: Send, R: Send, F: Fn(T) -> R + Sync>(&self, items: Vec<T>, f: F) -> Vec<R> {
        let threads = self.threads().min(items.len()).max(1);
        if threads == 1 {
            return items.into_iter().map(f).collect();
        }
        let per_chunk = items.len().div_ceil(threads);
        let mut items = items.into_iter();
        let chunks: Vec<Chunk<'_, T, R, F>> = (0..threads)
            .map(|_| Chunk {
                f: &f,
                items: Mutex::new(items.by_ref().take(per_chunk).collect()),
                results: Mutex::new(None),
            })
            .collect();
        let latch = Arc::new(Latch::new(threads.saturating_sub(1)));
        for (worker, chunk) in self.workers.iter().zip(&chunks[1..]) {
            let pointer = ChunkPtr((chunk as *const Chunk<'_, T, R, F>).cast::<()>());
            let run: unsafe fn(*const ()) = run_chunk::<T, R, F>;
            let job_latch = Arc::clone(&latch);
            let job: Job = Box::new(move || {
                let pointer = pointer;
                // SAFETY: `map` keeps `chunks` alive and in place until the
                // latch has been counted down by every job.
                unsafe { run(pointer.0) };
                job_latch.count_down();
            });
            if let Err(mpsc::SendError(job)) = worker.jobs.send(job) {
                // The worker is gone: do its share here.
                job();
            }
        }
        // SAFETY: `chunks[0]` lives in this frame for the whole call.
        unsafe { run_chunk::<T, R, F>((&chunks[0] as *const Chunk<'_, T, R, F>).cast::<()>()) };
        latch.wait();
        let mut out = Vec::new();
        let mut panic = None;
        for chunk in chunks {
            match chunk.results.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner()) {
                Some(Ok(results)) => out.extend(results),
                Some(Err(payload)) => panic = Some(payload),
                None => {}
            }
        }
        if let Some(payload) = panic {
            std::panic::resume_unwind(payload);
        }
        out
    }
}

impl Drop for WorkerPool {
    fn drop(&mut self) {
        let handles: Vec<JoinHandle<()>> = self
            .workers
            .drain(..)
            .filter_map(|mut worker| {
                drop(worker.jobs);
                worker.handle.take()
            })
            .collect();
        for handle in handles {
            let _ = handle.join();
        }
    }
}

impl std::fmt::Debug for WorkerPool {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("WorkerPool").field("threads", &self.threads()).finish()
    }
}

#[cfg(test)]
#[allow(clippy::arithmetic_side_effects)]
mod tests {
    use super::*;

    #[test]
    fn maps_in_order_on_every_thread_and_borrows_from_the_caller() {
        let pool = WorkerPool::new(3);
        let offset = 1000u64;
        let items: Vec<u64> = (0..100).collect();
        let out = pool.map(items, |x| (x + offset, std::thread::current().id()));
        assert_eq!(out.iter().map(|(x, _)| *x).collect::<Vec<_>>(), (1000..1100).collect::<Vec<_>>());
        let threads: std::collections::HashSet<_> = out.iter().map(|(_, id)| *id).collect();
        assert_eq!(threads.len(), 3);
        // The pool is reused.
        assert_eq!(pool.map(vec![1, 2], |x| x * 2), [2, 4]);
        assert_eq!(pool.map(Vec::<u8>::new(), |x| x), Vec::<u8>::new());
    }

    #[test]
    fn a_panic_reaches_the_caller_after_all_threads_stop() {
        let pool = WorkerPool::new(2);
        let result = catch_unwind(AssertUnwindSafe(|| pool.map((0..10).collect(), |x: i32| if x == 7 { panic!("seven") } else { x })));
        assert!(result.is_err());
        assert_eq!(pool.map(vec![3], |x| x + 1), [4]);
    }
}
