#include "CCourtyardSimHook.h"

#include <dlfcn.h>
#include <stdatomic.h>
#include <stddef.h>

// The Swift runtime's hook types (swift/Runtime/Concurrency.h): the swift calling
// convention, the job as an opaque pointer.
typedef void (*courtyard_enqueue_original)(void *job) __attribute__((swiftcall));
typedef void (*courtyard_enqueue_hook)(void *job, courtyard_enqueue_original original) __attribute__((swiftcall));
typedef void (*courtyard_delay_original)(unsigned long long delay, void *job) __attribute__((swiftcall));
typedef void (*courtyard_delay_hook)(unsigned long long delay, void *job,
                                     courtyard_delay_original original) __attribute__((swiftcall));
typedef void (*courtyard_deadline_original)(long long sec, long long nsec, long long tsec, long long tnsec,
                                            int clock, void *job) __attribute__((swiftcall));
typedef void (*courtyard_deadline_hook)(long long sec, long long nsec, long long tsec, long long tnsec,
                                        int clock, void *job,
                                        courtyard_deadline_original original) __attribute__((swiftcall));

static _Thread_local int courtyard_in_job = 0;
static _Thread_local uint64_t courtyard_thread_escapes = 0;
static _Atomic uint64_t courtyard_escapes = 0;
static _Atomic int courtyard_installed = 0;
// Hooks installed before ours (another tool's); chained, never replaced.
static courtyard_enqueue_hook courtyard_previous_enqueue = NULL;
static courtyard_delay_hook courtyard_previous_delay = NULL;
static courtyard_deadline_hook courtyard_previous_deadline = NULL;

static void courtyard_count_escape(void) {
    if (courtyard_in_job) {
        atomic_fetch_add_explicit(&courtyard_escapes, 1, memory_order_relaxed);
        courtyard_thread_escapes += 1;
    }
}

__attribute__((swiftcall))
static void courtyard_enqueue_global(void *job, courtyard_enqueue_original original) {
    courtyard_count_escape();
    if (courtyard_previous_enqueue != NULL) courtyard_previous_enqueue(job, original);
    else original(job);
}

__attribute__((swiftcall))
static void courtyard_enqueue_global_with_delay(unsigned long long delay, void *job,
                                                courtyard_delay_original original) {
    courtyard_count_escape();
    if (courtyard_previous_delay != NULL) courtyard_previous_delay(delay, job, original);
    else original(delay, job);
}

__attribute__((swiftcall))
static void courtyard_enqueue_global_with_deadline(long long sec, long long nsec, long long tsec, long long tnsec,
                                                   int clock, void *job, courtyard_deadline_original original) {
    courtyard_count_escape();
    if (courtyard_previous_deadline != NULL) courtyard_previous_deadline(sec, nsec, tsec, tnsec, clock, job, original);
    else original(sec, nsec, tsec, tnsec, clock, job);
}

int courtyard_sim_install_escape_hooks(void) {
    int expected = 0;
    if (!atomic_compare_exchange_strong(&courtyard_installed, &expected, 1)) {
        return atomic_load(&courtyard_installed) == 1 ? 0 : -1;
    }
    courtyard_enqueue_hook *enqueue = dlsym(RTLD_DEFAULT, "swift_task_enqueueGlobal_hook");
    courtyard_delay_hook *delay = dlsym(RTLD_DEFAULT, "swift_task_enqueueGlobalWithDelay_hook");
    courtyard_deadline_hook *deadline = dlsym(RTLD_DEFAULT, "swift_task_enqueueGlobalWithDeadline_hook");
    if (enqueue == NULL) {
        atomic_store(&courtyard_installed, 2);
        return -1;
    }
    courtyard_previous_enqueue = *enqueue;
    *enqueue = courtyard_enqueue_global;
    if (delay != NULL) {
        courtyard_previous_delay = *delay;
        *delay = courtyard_enqueue_global_with_delay;
    }
    if (deadline != NULL) {
        courtyard_previous_deadline = *deadline;
        *deadline = courtyard_enqueue_global_with_deadline;
    }
    return 0;
}

void courtyard_sim_set_in_job(int inJob) { courtyard_in_job = inJob; }

uint64_t courtyard_sim_thread_escape_count(void) { return courtyard_thread_escapes; }

uint64_t courtyard_sim_escape_count(void) {
    return atomic_load_explicit(&courtyard_escapes, memory_order_relaxed);
}
