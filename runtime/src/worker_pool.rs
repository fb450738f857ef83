//! The threads `send_transactions` runs on: a rayon thread pool per
//! runtime, kept between batches so that per-thread state (VM memory,
//! decompressed public keys) survives from one batch to the next.

use rayon::{
    iter::{IntoParallelIterator, ParallelIterator},
    ThreadPool, ThreadPoolBuilder,
};

/// Runs work on a fixed number of threads.
pub(crate) struct WorkerPool {
    /// `None` for one thread (work runs on the caller) or when no thread
    /// could be started.
    pool: Option<ThreadPool>,
}

impl WorkerPool {
    /// A pool that runs work on `threads` threads.
    pub(crate) fn new(threads: usize) -> Self {
        let pool = (threads > 1).then(|| {
            ThreadPoolBuilder::new()
                .num_threads(threads)
                .thread_name(|index| format!("lamport-worker-{index}"))
                .build()
                .ok()
        });
        Self { pool: pool.flatten() }
    }

    /// Number of threads work runs on.
    pub(crate) fn threads(&self) -> usize {
        self.pool.as_ref().map_or(1, ThreadPool::current_num_threads)
    }

    /// `items.map(f)` on all threads, results in order. A panic in `f`
    /// reaches the caller.
    pub(crate) fn map<T: Send, R: Send, F: Fn(T) -> R + Sync + Send>(&self, items: Vec<T>, f: F) -> Vec<R> {
        match &self.pool {
            Some(pool) if items.len() > 1 => pool.install(|| items.into_par_iter().map(f).collect()),
            _ => items.into_iter().map(f).collect(),
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
    use std::panic::{catch_unwind, AssertUnwindSafe};

    use super::*;

    #[test]
    fn maps_in_order_on_every_thread_and_borrows_from_the_caller() {
        let pool = WorkerPool::new(3);
        assert_eq!(pool.threads(), 3);
        let offset = 1000u64;
        let items: Vec<u64> = (0..3000).collect();
        let out = pool.map(items, |x| {
            // Long enough items for every thread to take some.
            std::thread::sleep(std::time::Duration::from_micros(50));
            (x + offset, std::thread::current().id())
        });
        assert_eq!(out.iter().map(|(x, _)| *x).collect::<Vec<_>>(), (1000..4000).collect::<Vec<_>>());
        let threads: std::collections::HashSet<_> = out.iter().map(|(_, id)| *id).collect();
        assert!(threads.len() > 1, "the work ran on {} thread(s)", threads.len());
        assert!(!threads.contains(&std::thread::current().id()));
        // The pool is reused.
        assert_eq!(pool.map(vec![1, 2], |x| x * 2), [2, 4]);
        assert_eq!(pool.map(Vec::<u8>::new(), |x| x), Vec::<u8>::new());
    }

    #[test]
    fn one_thread_runs_on_the_caller() {
        let pool = WorkerPool::new(1);
        assert_eq!(pool.threads(), 1);
        let caller = std::thread::current().id();
        assert!(pool.map(vec![1, 2, 3], |_| std::thread::current().id()).iter().all(|id| *id == caller));
    }

    #[test]
    fn a_panic_reaches_the_caller() {
        let pool = WorkerPool::new(2);
        let result = catch_unwind(AssertUnwindSafe(|| pool.map((0..10).collect(), |x: i32| if x == 7 { panic!("seven") } else { x })));
        assert!(result.is_err());
        assert_eq!(pool.map(vec![3], |x| x + 1), [4]);
    }
}
