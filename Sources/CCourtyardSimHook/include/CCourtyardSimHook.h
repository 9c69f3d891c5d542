// Escape detection for the actor simulator (DESIGN §5).
//
// The actor simulator runs every job of a run on its own seeded queue. A job that reaches
// the global concurrent executor instead (a `Task.detached`, a nonisolated hop without the
// run's task-executor preference, a `Task.sleep` on a real clock) would run on another
// thread at a time the seed does not decide. These hooks count such enqueues made while
// the current thread is running a simulator job, so the run can fail with a clear message.
#ifndef COURTYARD_SIM_HOOK_H
#define COURTYARD_SIM_HOOK_H

#include <stdint.h>

/// Installs the global-enqueue hooks once per process (idempotent). Returns 0 on success,
/// -1 when the Swift runtime does not export the hooks (escape detection is then off).
int courtyard_sim_install_escape_hooks(void);

/// Marks the current thread as running (1) or not running (0) a simulator job.
void courtyard_sim_set_in_job(int inJob);

/// Escapes counted on the calling thread (a scheduler runs its jobs on one thread, so the
/// difference across a job is that job's escapes, whatever other threads do).
uint64_t courtyard_sim_thread_escape_count(void);

/// Escapes counted since the process started (all threads).
uint64_t courtyard_sim_escape_count(void);

#endif
