#ifndef LEMMA_COPENBLAS_SHIM_H
#define LEMMA_COPENBLAS_SHIM_H

// Debian keeps cblas.h under the openblas-pthread include directory, which
// `pkg-config --cflags openblas` adds to the search path.
#include <cblas.h>

#endif
