#ifndef LEMMA_CZ3_SHIM_H
#define LEMMA_CZ3_SHIM_H

#include <z3.h>

#endif
