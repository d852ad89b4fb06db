// Just enough of CUDA to run blitz.cu on the host (kernels/README.md): blocks run one after another, the
// threads of a block run as real threads, so __syncthreads() is a real barrier and __shared__ is shared.
#include <barrier>
#include <cmath>  // CUDA's device math (expf, logf, sqrtf, truncf, INFINITY, NAN) is built in
#include <thread>
#include <vector>

// CUDA overloads its math for float in the global namespace (exp(float) is expf); these bring the host's.
using std::ceil, std::cos, std::exp, std::fabs, std::floor, std::log, std::pow, std::sin, std::sqrt, std::tanh;

struct dim3 {
    unsigned x = 1, y = 1, z = 1;
};
inline thread_local dim3 threadIdx, blockIdx;
inline dim3 blockDim, gridDim;
inline std::barrier<>* blockBarrier;

#define __global__
#define __device__
#define __forceinline__ inline
#define __launch_bounds__(threads)
#define __shared__ static  // one block at a time, so one copy is enough

inline void __syncthreads() { blockBarrier->arrive_and_wait(); }

// One host thread per thread of a block, made once per launch: each runs its part of every block in turn, and
// a barrier between blocks keeps them one after another (they share the one copy of __shared__).
template <class Kernel>
void launch(unsigned grid, unsigned block, Kernel kernel) {
    gridDim.x = grid;
    blockDim.x = block;
    std::barrier<> barrier(block);
    blockBarrier = &barrier;
    std::vector<std::thread> threads;
    for (unsigned t = 0; t < block; ++t) {
        threads.emplace_back([=, &barrier] {
            threadIdx.x = t;
            for (unsigned b = 0; b < grid; ++b) {
                blockIdx.x = b;
                kernel();
                barrier.arrive_and_wait();
            }
        });
    }
    for (auto& thread : threads) thread.join();
}
