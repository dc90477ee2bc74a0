/*
 * stdatomic.h (Azalea): newlib's, which names the <stdint.h> types without
 * including it.
 */
#ifndef _AZALEA_STDATOMIC_H
#define _AZALEA_STDATOMIC_H
#include <stdint.h>
#include_next <stdatomic.h>
#endif
