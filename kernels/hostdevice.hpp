// One macro marks the model code that both backends compile: the CPU backend
// with the host compiler, the CUDA backend with nvcc.
#pragma once

#if defined(__CUDACC__)
#define CHOKEPOINT_HD __host__ __device__ __forceinline__
#else
#define CHOKEPOINT_HD inline
#endif

// Unrolls the loop that follows on a GPU, where its trip count is a constant:
// that is what lets small per-thread arrays indexed by the loop variable live
// in registers rather than in local memory. (A host compiler peels such short
// constant loops by itself at -O3.)
#if defined(__CUDA_ARCH__)
#define CHOKEPOINT_UNROLL _Pragma("unroll")
#else
#define CHOKEPOINT_UNROLL
#endif
