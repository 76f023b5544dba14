//! The priority of the reader's background work (loading and parsing the
//! corpus).
//!
//! On a small machine the parse would otherwise take every core the moment
//! the first frame is written, and the terminal, which still has to draw
//! that frame, would wait its turn (on 2 cores in tmux, with a 70 MB
//! corpus, floor's first screen came 0.4 ms later, in one run 12.8 ms).
//! So the parse starts a moment after the first frame
//! ([`FIRST_FRAME_GRACE`]) and runs at a lower priority ([`NICENESS`]): it
//! still gets every core the terminal and the reader leave idle, and yields
//! them when either has work (drawing, a key).

/// How long loading waits after the first frame is written: time for the
/// terminal to draw it before the parse competes for the cores at all.
/// With lower priority alone floor's first screen still came about 0.1 ms
/// after less's in `benches/first-frame.sh`; with this pause, about 0.2 ms
/// before. Loading a large corpus takes seconds, so the tree fills in no
/// visibly later.
pub const FIRST_FRAME_GRACE: std::time::Duration = std::time::Duration::from_millis(5);

/// How much lower than the reader's own threads: enough that the reader's
/// thread, which wakes for a key or a frame and works a few milliseconds,
/// runs before the loading threads, and no more: the corpus is what the
/// user waits for. At nice 10 (a tenth of a core's weight) loading stalled
/// behind other programs on a shared machine: 10,000 files took 7.3 s for
/// 2.9 s of CPU, with compilers running beside it.
pub const NICENESS: i32 = 3;

/// Sets the calling thread's priority [`NICENESS`] below the reader's
/// (the main thread's, whose id is the process's), however many times it
/// is called and whatever it inherited; best effort, and only on Linux,
/// where the nice value belongs to each thread (elsewhere it would lower
/// the whole process, the reader's own thread with it).
pub fn lower_this_thread() {
    #[cfg(target_os = "linux")]
    {
        use rustix::process::{getpid, getpriority_process, setpriority_process};
        let reader = getpriority_process(Some(getpid())).unwrap_or(0);
        let _ = setpriority_process(Some(rustix::thread::gettid()), (reader + NICENESS).min(19));
    }
}

/// A thread pool for background work, its threads lowered as they start;
/// `None` when no thread can be started (the caller works on its own).
pub fn pool() -> Option<rayon::ThreadPool> {
    rayon::ThreadPoolBuilder::new()
        .thread_name(|i| format!("floor-load-{i}"))
        .start_handler(|_| lower_this_thread())
        .build()
        .ok()
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use rustix::process::{getpid, getpriority_process};

    use super::*;

    fn nice_of_this_thread() -> i32 {
        getpriority_process(Some(rustix::thread::gettid())).unwrap()
    }

    #[test]
    fn lowers_only_the_calling_thread_once() {
        let reader = getpriority_process(Some(getpid())).unwrap();
        let mine = nice_of_this_thread();
        let (lowered, again, in_pool) = std::thread::spawn(|| {
            lower_this_thread();
            let lowered = nice_of_this_thread();
            lower_this_thread();
            // Pool threads inherit the lowered value, and are not lowered twice.
            let in_pool = pool().unwrap().install(nice_of_this_thread);
            (lowered, nice_of_this_thread(), in_pool)
        })
        .join()
        .unwrap();
        let expected = (reader + NICENESS).min(19);
        assert_eq!((lowered, again, in_pool), (expected, expected, expected));
        assert_eq!(nice_of_this_thread(), mine);
    }
}
