//! The `floor` binary: parses the command line and hands over to the library.

use clap::Parser;

/// mimalloc instead of the system's allocator. Parsing allocates and frees
/// many small strings on every loading thread at once, and the reader keeps
/// a whole archive resident; glibc's per-thread heaps grow by `mprotect`,
/// which takes the address space's lock against the other thread's page
/// faults. Measured with `benches/reader-scale.sh` on 10,000 generated
/// files (757 MB, 2 cores, medians of 3 rounds, two runs each): the
/// reader's full load took 0.98-0.99 s instead of 1.30-1.53 s, and
/// `floor check` 0.52-0.55 s instead of 0.57-0.60 s. The price is memory
/// held in partly used pages: peak RSS 88 MB instead of 79 MB on the 1,151
/// press briefings (47 MB), 939 instead of 888 MB on the 10,000 files.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    floor::cli::run(floor::cli::Cli::parse())
}
