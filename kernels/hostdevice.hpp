// One macro marks the model code that both backends compile: the CPU backend
// with the host compiler, the CUDA backend with nvcc.
#pragma once

#if defined(__CUDACC__)
#define CHOKEPOINT_HD __host__ __device__ __forceinline__
#else
#define CHOKEPOINT_HD inline
#endif
