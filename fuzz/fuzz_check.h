// Shared by the fuzz targets: FUZZ_CHECK states an invariant that must hold
// for every input. A broken invariant aborts, which libFuzzer (and the
// replay driver) report as a crash with the input that caused it.
#ifndef GEOKG_FUZZ_FUZZ_CHECK_H_
#define GEOKG_FUZZ_FUZZ_CHECK_H_

#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition)                                                                \
  do {                                                                                       \
    if (!(condition)) {                                                                      \
      std::fprintf(stderr, "%s:%d: invariant failed: %s\n", __FILE__, __LINE__, #condition); \
      std::abort();                                                                          \
    }                                                                                        \
  } while (0)

#endif  // GEOKG_FUZZ_FUZZ_CHECK_H_
