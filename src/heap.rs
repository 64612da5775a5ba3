//! How the window asks the system allocator to keep a frame's scratch memory.
//!
//! Each frame egui tessellates the map into fresh buffers (about 12 MB with the 2,875-county
//! layer) and frees them. glibc, the system allocator on Linux, hands freed memory at the
//! top of its heap back to the kernel once more than its trim threshold is free (128 KiB
//! at start), so the next frame faults the same pages in again. glibc raises that threshold
//! by itself when a block it mapped on its own is freed: to twice the block's size, for a
//! block of at most 32 MiB. One such block, allocated zeroed (so never touched) and freed at
//! start, does it once. Elsewhere it is a large allocation freed at once.

/// Just under glibc's largest dynamic mmap threshold on 64-bit systems (32 MiB, which the
/// block's size with its header must not exceed).
const BLOCK: usize = (32 << 20) - (1 << 16);

/// Lets the heap keep up to about 64 MiB of freed memory between frames.
pub fn keep_frame_memory() {
    let block = vec![0u8; BLOCK];
    drop(std::hint::black_box(block));
}
