// One macro marks the model code that both backends compile: the CPU backend
// with the host compiler, the CUDA backend with nvcc.
#pragma once

#if defined(__CUDACC__)
#define CHOKEPOINT_HD __host__ __device__ __forceinline__
#else
#define CHOKEPOINT_HD inline
#endif

// Model code on a branch that is rarely taken, kept out of its caller on the
// host so that the caller's hot loop stays as compact as without it (a GPU
// inlines all model code).
#if defined(__CUDACC__)
#define CHOKEPOINT_HD_RARE __host__ __device__ __forceinline__
#else
#define CHOKEPOINT_HD_RARE __attribute__((noinline))
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
