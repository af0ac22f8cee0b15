#pragma once
// Which vector paths this CPU can run. The batch lookups and the SIMT issue
// scan have AVX2 paths compiled with target attributes and chosen at run
// time, so one binary runs everywhere (the scalar paths are the fallback).

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define INTERPSIM_HAVE_X86 1
#endif

namespace interpsim {

bool cpu_has_avx2();      // false off x86
bool cpu_has_avx2_fma();  // AVX2 and FMA3

}  // namespace interpsim
