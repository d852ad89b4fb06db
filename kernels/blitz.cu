// Blitz CUDA kernels; their contract with the Java launcher is the table in kernels/README.md.
// The Java enums of dev.blitz.backend.cuda are the table of record for the kernel names (Kernel) and for the
// codes and flag bits below (BinaryOpCode, SgdFlag, AdamFlag): each #define BINARY_/SGD_/ADAM_<NAME> here has
// the value of its Java constant <NAME>, which KernelTableTest checks.
// float32, 1-D grid-stride loops, so every kernel is correct for any grid size; the launcher uses
// 256 threads per block and min(ceil(n/256), 4096) blocks, or min(rows, 4096) for the kernels that give
// each row a block (log_softmax_f32, cross_entropy_f32).
//
// Indices are 64-bit: with a large grid, i + stride overflows int long before n does.
// No __restrict__: several outputs may alias inputs (affine_f32, binary_f32), and the read-only cache
// buys little for these coalesced, single-pass streams.

#define MAX_RANK 8
#define REDUCE_THREADS 256

// Passed by value: 25 ints, laid out exactly as the Java launcher's int[25].
struct Strides {
    int rank;
    int dims[MAX_RANK];
    int a[MAX_RANK];
    int b[MAX_RANK];
};

#define GRID_STRIDE_LOOP(i, n)                                                    \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// Sums sh[0..blockDim.x) into sh[0]. The bound check keeps it correct for any block size up to
// REDUCE_THREADS: after the step with stride s, sh[0..s) holds the sum of sh[0..min(blockDim, 2s)).
__device__ void block_sum(float* sh) {
    unsigned t = threadIdx.x;
    for (unsigned s = REDUCE_THREADS / 2; s > 0; s >>= 1) {
        if (t < s && t + s < blockDim.x) sh[t] += sh[t + s];
        __syncthreads();
    }
}

extern "C" __global__ void affine_f32(int n, const float* x, float alpha, float beta, float* out) {
    GRID_STRIDE_LOOP(i, n) out[i] = alpha * x[i] + beta;
}

extern "C" __global__ void axpy_f32(int n, float alpha, const float* x, float* y) {
    GRID_STRIDE_LOOP(i, n) y[i] += alpha * x[i];
}

#define BINARY_ADD 0
#define BINARY_SUB 1
#define BINARY_MUL 2
#define BINARY_DIV 3

// out is contiguous over s.dims; a and b are read through their own strides (0 = broadcast).
// The loops over dimensions are unrolled with constant indices so s stays in registers/param space
// instead of being copied to local memory. Dim 0 needs no division: what is left of i is its coordinate.
extern "C" __global__ void binary_f32(int n, int op, const float* a, const float* b, float* out, Strides s) {
    GRID_STRIDE_LOOP(i, n) {
        unsigned rem = (unsigned)i;  // i < n <= INT_MAX
        long long offA = 0, offB = 0;
#pragma unroll
        for (int d = MAX_RANK - 1; d >= 1; --d) {
            if (d < s.rank) {
                unsigned c = rem % (unsigned)s.dims[d];
                rem /= (unsigned)s.dims[d];
                offA += (long long)c * s.a[d];
                offB += (long long)c * s.b[d];
            }
        }
        offA += (long long)rem * s.a[0];
        offB += (long long)rem * s.b[0];
        float x = a[offA], y = b[offB];
        float r;
        switch (op) {  // uniform across the grid: no divergence
            case BINARY_ADD: r = x + y; break;
            case BINARY_SUB: r = x - y; break;
            case BINARY_MUL: r = x * y; break;
            default: r = x / y; break;  // BINARY_DIV
        }
        out[i] = r;
    }
}

// Moves off to the next element of the reduced sub-space: an odometer over the reduced dims (s.a[d] == 0),
// last dim fastest, so no division per element. Inlined with constant d, c stays in registers.
__device__ __forceinline__ void next_reduced(const Strides& s, const long long* srcStride, int* c, long long& off) {
    bool carry = true;
#pragma unroll
    for (int d = MAX_RANK - 1; d >= 0; --d) {
        if (carry && d < s.rank && s.a[d] == 0) {
            off += srcStride[d];
            if (++c[d] == s.dims[d]) {
                c[d] = 0;
                off -= srcStride[d] * s.dims[d];
            } else {
                carry = false;
            }
        }
    }
}

#define SUM_TO_BATCH 8

// One thread per dst element, summing the reduced sub-space in row-major order, so the result does not
// depend on the launch configuration. Kept dims (s.a[d] != 0) give the dst coordinate: dst is contiguous,
// so coord = (j / a[d]) % dims[d]. Loads go out SUM_TO_BATCH at a time before they are added (in the same
// order): with one load per add, each thread would wait a full memory latency per element.
__device__ __forceinline__ void kahan_add(float& acc, float& comp, float x) {
    float y = x - comp;
    float t = acc + y;
    comp = (t - acc) - y;
    acc = t;
}

extern "C" __global__ void sum_to_f32(int nDst, const float* src, float* dst, Strides s) {
    long long srcStride[MAX_RANK];
    long long count = 1;  // elements in the reduced sub-space
    long long st = 1;
#pragma unroll
    for (int d = MAX_RANK - 1; d >= 0; --d) {
        srcStride[d] = d < s.rank ? st : 0;
        if (d < s.rank) {
            st *= s.dims[d];
            if (s.a[d] == 0) count *= s.dims[d];
        }
    }
    GRID_STRIDE_LOOP(j, nDst) {
        long long off = 0;
#pragma unroll
        for (int d = 0; d < MAX_RANK; ++d) {
            if (d < s.rank && s.a[d] != 0) off += ((j / s.a[d]) % s.dims[d]) * srcStride[d];
        }
        int c[MAX_RANK] = {0};
        // Compensated (Kahan) sum: a whole-tensor sum runs down one thread, and a plain float sum of 300k
        // values drifts by ~1e-3; this stays within a few ulps, using float adds only (nvcc keeps their order).
        float acc = 0.0f, comp = 0.0f;
        long long r = 0;
        for (; r + SUM_TO_BATCH <= count; r += SUM_TO_BATCH) {
            float v[SUM_TO_BATCH];
#pragma unroll
            for (int u = 0; u < SUM_TO_BATCH; ++u) {
                v[u] = src[off];
                next_reduced(s, srcStride, c, off);
            }
#pragma unroll
            for (int u = 0; u < SUM_TO_BATCH; ++u) kahan_add(acc, comp, v[u]);
        }
        for (; r < count; ++r) {
            kahan_add(acc, comp, src[off]);
            next_reduced(s, srcStride, c, off);
        }
        dst[j] = acc;
    }
}

extern "C" __global__ void mse_none_f32(int n, const float* x, const float* t, float* out) {
    GRID_STRIDE_LOOP(i, n) {
        float d = x[i] - t[i];
        out[i] = d * d;
    }
}

// Stage 1 of the mean/sum loss: block b writes the sum of (x-t)^2 over its grid-stride elements to
// partials[b]. Blocks with no elements (n small, or n == 0) write 0, so every partial is defined.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
mse_partial_f32(int n, const float* x, const float* t, float* partials) {
    __shared__ float sh[REDUCE_THREADS];
    float acc = 0.0f;
    GRID_STRIDE_LOOP(i, n) {
        float d = x[i] - t[i];
        acc += d * d;
    }
    sh[threadIdx.x] = acc;
    __syncthreads();
    block_sum(sh);
    if (threadIdx.x == 0) partials[blockIdx.x] = sh[0];
}

// Stage 2: one block folds the m partials into out[0] = scale * sum, on the device (no host round trip).
// Only block 0 works, so an accidental larger grid cannot race on out[0].
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
sum_finish_f32(int m, const float* partials, float scale, float* out) {
    if (blockIdx.x != 0) return;
    __shared__ float sh[REDUCE_THREADS];
    float acc = 0.0f;
    for (long long i = threadIdx.x; i < m; i += blockDim.x) acc += partials[i];
    sh[threadIdx.x] = acc;
    __syncthreads();
    block_sum(sh);
    if (threadIdx.x == 0) out[0] = scale * sh[0];
}

// gradOutStride is 0 for a scalar upstream gradient (mean/sum), 1 for reduction 'none'.
extern "C" __global__ void mse_backward_f32(int n, const float* x, const float* t, const float* gradOut,
                                            int gradOutStride, float scale, float* gradIn) {
    GRID_STRIDE_LOOP(i, n) gradIn[i] = scale * (x[i] - t[i]) * gradOut[i * gradOutStride];
}

#define SGD_NESTEROV 1
#define SGD_MAXIMIZE 2
#define SGD_FIRST_STEP 4
#define SGD_HAS_MOMENTUM 8

// torch.optim.SGD's single-tensor step, in the same order of operations.
extern "C" __global__ void sgd_f32(int n, float* param, const float* grad, float* buf, float lr, float momentum,
                                   float dampening, float weightDecay, int flags) {
    GRID_STRIDE_LOOP(i, n) {
        float p = param[i];
        float d = (flags & SGD_MAXIMIZE) ? -grad[i] : grad[i];
        if (weightDecay != 0.0f) d += weightDecay * p;
        if (flags & SGD_HAS_MOMENTUM) {
            float m = (flags & SGD_FIRST_STEP) ? d : momentum * buf[i] + (1.0f - dampening) * d;
            buf[i] = m;
            d = (flags & SGD_NESTEROV) ? d + momentum * m : m;
        }
        param[i] = p - lr * d;
    }
}

// The larger of a and b, NaN if either is (as Java's Math.max; fmaxf would drop the NaN).
__device__ __forceinline__ float max_nan(float a, float b) {
    return (a > b || a != a) ? a : b;
}

// block_sum with max_nan: sh[0] = the maximum of sh[0..blockDim.x).
__device__ void block_max(float* sh) {
    unsigned t = threadIdx.x;
    for (unsigned s = REDUCE_THREADS / 2; s > 0; s >>= 1) {
        if (t < s && t + s < blockDim.x) sh[t] = max_nan(sh[t], sh[t + s]);
        __syncthreads();
    }
}

// One thread per output element of x viewed as [outer, size, inner]: the first maximum wins ties, and the
// first NaN wins over every number (the scan stops there), as the CPU kernel and torch.argmax.
extern "C" __global__ void argmax_f32(int nOut, const float* x, int size, int inner, float* out) {
    GRID_STRIDE_LOOP(j, nOut) {
        unsigned o = (unsigned)j / (unsigned)inner, i = (unsigned)j % (unsigned)inner;  // j < nOut <= INT_MAX
        const float* p = x + (long long)o * size * inner + i;
        int best = 0;
        float bestValue = p[0];
        for (int k = 1; k < size && bestValue == bestValue; ++k) {
            float v = p[(long long)k * inner];
            if (v > bestValue || v != v) {
                best = k;
                bestValue = v;
            }
        }
        out[j] = (float)best;
    }
}

// One block per row (grid-stride over rows, so the __syncthreads are uniform): the row maximum, then the sum
// of exp(x - shift), each reduced in shared memory in a fixed order (deterministic). An infinite maximum
// shifts by 0, as the CPU kernel does, so a row holding +inf or only -inf gives PyTorch's NaN/-inf.
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
log_softmax_f32(int rows, const float* x, int cols, float* out) {
    __shared__ float sh[REDUCE_THREADS];
    for (long long r = blockIdx.x; r < rows; r += gridDim.x) {
        const float* xr = x + r * cols;
        float m = -INFINITY;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) m = max_nan(m, xr[j]);
        sh[threadIdx.x] = m;
        __syncthreads();
        block_max(sh);
        float shift = fabsf(sh[0]) == INFINITY ? 0.0f : sh[0];
        __syncthreads();  // everyone has read sh[0] before it is overwritten
        float s = 0.0f;
        for (int j = threadIdx.x; j < cols; j += blockDim.x) s += expf(xr[j] - shift);
        sh[threadIdx.x] = s;
        __syncthreads();
        block_sum(sh);
        float logSum = logf(sh[0]);
        __syncthreads();  // the same, before the next row
        for (int j = threadIdx.x; j < cols; j += blockDim.x) out[r * cols + j] = xr[j] - shift - logSum;
    }
}

// A target is a class index when it is a whole number in [0, c).
__device__ __forceinline__ bool is_class(float t, int c) {
    return t >= 0.0f && t < (float)c && t == truncf(t);
}

// Per-row cross-entropy from log-probabilities, one block per row: loss[r] = -(1-eps)*logp[r, t] -
// eps/c * sum_j logp[r, j] (the sum only when eps != 0). A target that is not a class index is never used as
// an index: its row's loss is NaN and bad[0] = that target, bad[1] = c, for the launcher to report (every
// invalid value is nonzero or NaN, so bad[0] != 0 says one was seen; which one, if several, is unspecified).
extern "C" __global__ void __launch_bounds__(REDUCE_THREADS)
cross_entropy_f32(int n, const float* logp, const float* target, int c, float eps, float* loss, float* bad) {
    __shared__ float sh[REDUCE_THREADS];
    for (long long r = blockIdx.x; r < n; r += gridDim.x) {
        const float* row = logp + r * c;
        float sum = 0.0f;
        if (eps != 0.0f) {
            float s = 0.0f;
            for (int j = threadIdx.x; j < c; j += blockDim.x) s += row[j];
            sh[threadIdx.x] = s;
            __syncthreads();
            block_sum(sh);
            sum = sh[0];
            __syncthreads();  // everyone has read sh[0] before the next row overwrites it
        }
        if (threadIdx.x == 0) {
            float t = target[r];
            if (is_class(t, c)) {
                loss[r] = -(1.0f - eps) * row[(int)t] - eps * sum / c;
            } else {
                loss[r] = NAN;
                bad[0] = t;
                bad[1] = (float)c;
            }
        }
    }
}

// gradIn[i, j] = gradOut[i * gradOutStride] * scale * (exp(logp[i, j]) - q_ij), q_ij = 1 - eps + eps/c on
// the target's column, eps/c elsewhere; stride 0 and scale 1/n (mean) or 1 (sum), stride 1 and scale 1 for
// 'none'. A row whose target is not a class index gets NaN (cross_entropy_f32 reports it).
extern "C" __global__ void cross_entropy_backward_f32(int total, const float* logp, const float* target,
                                                      const float* gradOut, int gradOutStride, int c, float eps,
                                                      float scale, float* gradIn) {
    float off = eps / c;
    float on = 1.0f - eps + off;
    GRID_STRIDE_LOOP(k, total) {
        unsigned i = (unsigned)k / (unsigned)c, j = (unsigned)k % (unsigned)c;  // k < total <= INT_MAX
        float t = target[i];
        float g = gradOut[(long long)i * gradOutStride] * scale;
        gradIn[k] = is_class(t, c) ? g * (expf(logp[k]) - (j == (unsigned)(int)t ? on : off)) : NAN;
    }
}

#define ADAM_MAXIMIZE 1
#define ADAM_DECOUPLED 2
#define ADAM_AMSGRAD 4

// torch.optim.Adam/AdamW's single-tensor step, in the CPU kernel's order; the launcher computes the scalars
// from the hyper-parameters and the step count in double: weight = 1 - beta1, oneMinusBeta2 = 1 - beta2,
// negStepSize = -lr / (1 - beta1^step), bc2Sqrt = sqrt(1 - beta2^step), decay = 1 - lr * weightDecay.
// maxExpAvgSq is read and written only with ADAM_AMSGRAD (may be null without it).
extern "C" __global__ void adam_f32(int n, float* param, const float* grad, float* expAvg, float* expAvgSq,
                                    float* maxExpAvgSq, float weight, float beta2, float oneMinusBeta2,
                                    float negStepSize, float bc2Sqrt, float eps, float weightDecay, float decay,
                                    int flags) {
    GRID_STRIDE_LOOP(i, n) {
        float w = param[i];
        float g = (flags & ADAM_MAXIMIZE) ? -grad[i] : grad[i];
        if (weightDecay != 0.0f) {
            if (flags & ADAM_DECOUPLED) {
                w *= decay;
            } else {
                g += weightDecay * w;
            }
        }
        float m = expAvg[i];
        m = weight < 0.5f ? m + weight * (g - m) : g - (g - m) * (1.0f - weight);  // torch.lerp
        float v = expAvgSq[i] * beta2 + oneMinusBeta2 * g * g;
        expAvg[i] = m;
        expAvgSq[i] = v;
        if (flags & ADAM_AMSGRAD) {
            v = max_nan(maxExpAvgSq[i], v);
            maxExpAvgSq[i] = v;
        }
        float denom = sqrtf(v) / bc2Sqrt + eps;
        param[i] = w + negStepSize * m / denom;
    }
}
