#pragma once
// Keep freed memory in the process instead of handing it back to the kernel after every
// photo. On virtual machines whose memory the host backs lazily (as here), the first touch of
// a page costs ~10-15 us (measured: 15 us per 4 KB page): glibc's defaults unmap every large
// buffer on free and trim the heap, so each photo faulted its ~100 MB of temporaries in
// again, and the page faults cost more than the computation (matte 300 ms -> 50 ms, analyse
// 165 ms -> 90 ms per 12 MP photo here). Peak RSS stays what one photo needs per thread.
namespace photo {

// Process-wide (glibc mallopt); call once at start-up, before the threads start.
void retain_freed_memory();

}  // namespace photo
