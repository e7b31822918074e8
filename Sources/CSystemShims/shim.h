#ifndef VAULT_SYSTEM_SHIMS_H
#define VAULT_SYSTEM_SHIMS_H
#include <sys/prctl.h>
#include <sys/resource.h>

/// prctl is variadic and so invisible from Swift; these wrap the two calls vault makes.
static inline int vault_set_dumpable(int value) {
    return prctl(PR_SET_DUMPABLE, (unsigned long)value, 0UL, 0UL, 0UL);
}

static inline int vault_get_dumpable(void) {
    return prctl(PR_GET_DUMPABLE, 0UL, 0UL, 0UL, 0UL);
}
#endif
