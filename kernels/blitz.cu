// Blitz CUDA kernels; their contract with the Java launcher is the table in kernels/README.md.
// The Java enums of dev.blitz.backend.cuda are the table of record for the kernel names (Kernel) and for the
// codes and flag bits below (BinaryOpCode, UnaryOpCode, ReduceOpCode, DTypeCode, SgdFlag, AdamFlag): each
// #define BINARY_/UNARY_/REDUCE_/DTYPE_/SGD_/ADAM_<NAME> here has the value of its Java constant <NAME>, which
// KernelTableTest checks.
// The network kernels are float32; the general ones (at the end) are templates instantiated once per dtype
// as <name>_f32, _f64, _i64 and _b8 (bool, one byte 0 or 1). All are 1-D grid-stride loops, so every kernel
// is correct for any grid size; the launcher uses 256 threads per block and min(ceil(n/256), 4096) blocks,
// or min(rows, 4096) for the kernels that give each row (or output) a block.
//
// Indices are 64-bit: with a large grid, i + stride overflows int long before n does.
// No __restrict__: several outputs may alias inputs (affine_f32, binary_f32), and the read-only cache
// buys little for these coalesced, single-pass streams.

#define MAX_RANK 8
#define BLOCK_THREADS 256

// Passed by value: 33 ints, laid out exactly as the Java launcher's int[33] (Strides.java): the sizes, then
// the element strides of up to three operands (0 = broadcast).
struct Strides {
    int rank;
    int dims[MAX_RANK];
    int a[MAX_RANK];
    int b[MAX_RANK];
    int c[MAX_RANK];
};

#define GRID_STRIDE_LOOP(i, n)                                                    \
    for (long long i = (long long)blockIdx.x * blockDim.x + threadIdx.x; i < (n); \
         i += (long long)blockDim.x * gridDim.x)

// Sums sh[0..blockDim.x) into sh[0]. The bound check keeps it correct for any block size up to
// BLOCK_THREADS: after the step with stride s, sh[0..s) holds the sum of sh[0..min(blockDim, 2s)).
__device__ void block_sum(float* sh) {
    unsigned t = threadIdx.x;
    for (unsigned s = BLOCK_THREADS / 2; s > 0; s >>= 1) {
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
extern "C" __global__ void __launch_bounds__(BLOCK_THREADS)
mse_partial_f32(int n, const float* x, const float* t, float* partials) {
    __shared__ float sh[BLOCK_THREADS];
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
extern "C" __global__ void __launch_bounds__(BLOCK_THREADS)
sum_finish_f32(int m, const float* partials, float scale, float* out) {
    if (blockIdx.x != 0) return;
    __shared__ float sh[BLOCK_THREADS];
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
    for (unsigned s = BLOCK_THREADS / 2; s > 0; s >>= 1) {
        if (t < s && t + s < blockDim.x) sh[t] = max_nan(sh[t], sh[t + s]);
        __syncthreads();
    }
}

// One block per row (grid-stride over rows, so the __syncthreads are uniform): the row maximum, then the sum
// of exp(x - shift), each reduced in shared memory in a fixed order (deterministic). An infinite maximum
// shifts by 0, as the CPU kernel does, so a row holding +inf or only -inf gives PyTorch's NaN/-inf.
extern "C" __global__ void __launch_bounds__(BLOCK_THREADS)
log_softmax_f32(int rows, const float* x, int cols, float* out) {
    __shared__ float sh[BLOCK_THREADS];
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
// eps/c * sum_j logp[r, j] (the sum only when eps != 0), and 0 for a target equal to ignore (PyTorch's
// ignore_index: such a row contributes nothing, its label smoothing term neither). A target that is neither
// ignore nor a class index is never used as an index: its row's loss is NaN and bad[0] = that target,
// bad[1] = c, for the launcher to report (every invalid value is nonzero or NaN, so bad[0] != 0 says one was
// seen; which one, if several, is unspecified).
extern "C" __global__ void __launch_bounds__(BLOCK_THREADS)
cross_entropy_f32(int n, const float* logp, const float* target, int c, float eps, float ignore, float* loss,
                  float* bad) {
    __shared__ float sh[BLOCK_THREADS];
    for (long long r = blockIdx.x; r < n; r += gridDim.x) {
        const float* row = logp + r * c;
        float t = target[r];
        bool ignored = t == ignore;  // the same in every thread of the block, so the barriers stay uniform
        float sum = 0.0f;
        if (eps != 0.0f && !ignored) {
            float s = 0.0f;
            for (int j = threadIdx.x; j < c; j += blockDim.x) s += row[j];
            sh[threadIdx.x] = s;
            __syncthreads();
            block_sum(sh);
            sum = sh[0];
            __syncthreads();  // everyone has read sh[0] before the next row overwrites it
        }
        if (threadIdx.x == 0) {
            if (ignored) {
                loss[r] = 0.0f;
            } else if (is_class(t, c)) {
                loss[r] = -(1.0f - eps) * row[(int)t] - eps * sum / c;
            } else {
                loss[r] = NAN;
                bad[0] = t;
                bad[1] = (float)c;
            }
        }
    }
}

// The mean over the rows that are not ignored, in one block: out[0] = sum(values[0..m)) / (the number of
// targets[0..n) not equal to ignore), so 0 / 0 = NaN when every target is ignored, as PyTorch's mean. The
// forward passes the n per-row losses (m = n); the backward the upstream gradient (m = 1), which it then
// spreads over the kept rows. Counted in ints, summed in a fixed order (deterministic); only block 0 works.
extern "C" __global__ void __launch_bounds__(BLOCK_THREADS)
cross_entropy_mean_f32(int m, const float* values, int n, const float* target, float ignore, float* out) {
    if (blockIdx.x != 0) return;
    __shared__ float sh[BLOCK_THREADS];
    __shared__ int kept[BLOCK_THREADS];
    unsigned t = threadIdx.x;
    float acc = 0.0f;
    for (long long i = t; i < m; i += blockDim.x) acc += values[i];
    int k = 0;
    for (long long i = t; i < n; i += blockDim.x) k += target[i] != ignore;
    sh[t] = acc;
    kept[t] = k;
    __syncthreads();
    for (unsigned s = BLOCK_THREADS / 2; s > 0; s >>= 1) {
        if (t < s && t + s < blockDim.x) {
            sh[t] += sh[t + s];
            kept[t] += kept[t + s];
        }
        __syncthreads();
    }
    if (t == 0) out[0] = sh[0] / (float)kept[0];
}

// gradIn[i, j] = gradOut[i * gradOutStride] * (exp(logp[i, j]) - q_ij), q_ij = 1 - eps + eps/c on the target's
// column, eps/c elsewhere; 0 on a row whose target is ignore. Stride 1 for 'none', 0 for sum, and 0 for mean
// with gradOut the output of cross_entropy_mean_f32 (the upstream gradient over the kept count). A row whose
// target is neither ignore nor a class index gets NaN (cross_entropy_f32 reports it).
extern "C" __global__ void cross_entropy_backward_f32(int total, const float* logp, const float* target,
                                                      const float* gradOut, int gradOutStride, int c, float eps,
                                                      float ignore, float* gradIn) {
    float off = eps / c;
    float on = 1.0f - eps + off;
    GRID_STRIDE_LOOP(k, total) {
        unsigned i = (unsigned)k / (unsigned)c, j = (unsigned)k % (unsigned)c;  // k < total <= INT_MAX
        float t = target[i];
        if (t == ignore) {
            gradIn[k] = 0.0f;  // not g * 0: with every row ignored the mean's g is infinite
            continue;
        }
        float g = gradOut[(long long)i * gradOutStride];
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

// The general kernels of the Backend SPI: every dtype, views read through Strides. Each is a __device__
// template instantiated by one extern "C" kernel per element type, named <name>_<dtype>: f32 float, f64
// double, i64 long long, b8 unsigned char (bool, always 0 or 1). A view's pointer already points at its first
// element (the launcher adds the offset), so offsets here start at 0.

#define DTYPE_FLOAT32 0
#define DTYPE_FLOAT64 1
#define DTYPE_INT64 2
#define DTYPE_BOOL 3

#define BINARY_ADD 0
#define BINARY_SUB 1
#define BINARY_MUL 2
#define BINARY_DIV 3
#define BINARY_POW 4
#define BINARY_MAXIMUM 5
#define BINARY_MINIMUM 6
#define BINARY_EQ 7
#define BINARY_NE 8
#define BINARY_LT 9
#define BINARY_LE 10
#define BINARY_GT 11
#define BINARY_GE 12

#define UNARY_NEG 0
#define UNARY_ABS 1
#define UNARY_SIGN 2
#define UNARY_EXP 3
#define UNARY_LOG 4
#define UNARY_SQRT 5
#define UNARY_RSQRT 6
#define UNARY_SIN 7
#define UNARY_COS 8
#define UNARY_TANH 9
#define UNARY_SIGMOID 10
#define UNARY_RELU 11
#define UNARY_POW 12
#define UNARY_CLAMP 13
#define UNARY_AFFINE 14
#define UNARY_ISNAN 15
#define UNARY_ISFINITE 16
#define UNARY_LOGICAL_NOT 17

#define REDUCE_SUM 0
#define REDUCE_PROD 1
#define REDUCE_MAX 2
#define REDUCE_MIN 3
#define REDUCE_ARGMAX 4
#define REDUCE_ARGMIN 5
#define REDUCE_ALL 6
#define REDUCE_ANY 7

// X(suffix, type) once per dtype a kernel family takes.
#define EACH_DTYPE(X) X(f32, float) X(f64, double) X(i64, long long) X(b8, unsigned char)
#define NUMBER_DTYPES(X) X(f32, float) X(f64, double) X(i64, long long)
#define FLOAT_DTYPES(X) X(f32, float) X(f64, double)

template <typename T> struct IsFloat { static const bool value = false; };
template <> struct IsFloat<float> { static const bool value = true; };
template <> struct IsFloat<double> { static const bool value = true; };

// Element offsets of the operands a, b and c for the row-major position i of s.dims. Unrolled with constant
// indices so that s stays in param space instead of being copied to local memory; the sums of an operand
// that a kernel does not read are dead code. Dim 0 needs no division: what is left of i is its coordinate.
struct Offsets {
    long long a, b, c;
};

__device__ __forceinline__ Offsets offsets(long long i, const Strides& s) {
    unsigned rem = (unsigned)i;  // i < n <= INT_MAX
    Offsets o = {0, 0, 0};
#pragma unroll
    for (int d = MAX_RANK - 1; d >= 1; --d) {
        if (d < s.rank) {
            unsigned c = rem % (unsigned)s.dims[d];
            rem /= (unsigned)s.dims[d];
            o.a += (long long)c * s.a[d];
            o.b += (long long)c * s.b[d];
            o.c += (long long)c * s.c[d];
        }
    }
    o.a += (long long)rem * s.a[0];
    o.b += (long long)rem * s.b[0];
    o.c += (long long)rem * s.c[0];
    return o;
}

// Java's (long) x: toward zero, NaN to 0, saturating; a plain C++ cast is undefined for those.
__device__ __forceinline__ long long to_i64(double x) {
    const double limit = 9223372036854775808.0;  // 2^63
    return x != x ? 0 : x >= limit ? 0x7fffffffffffffffLL : x <= -limit ? -0x7fffffffffffffffLL - 1 : (long long)x;
}

// dst = src over s.dims, both views: s.a holds src's strides (0 allowed), s.b dst's.
template <typename T>
__device__ __forceinline__ void copy_strided(int n, const T* src, T* dst, const Strides& s) {
    GRID_STRIDE_LOOP(i, n) {
        Offsets o = offsets(i, s);
        dst[o.b] = src[o.a];
    }
}

#define COPY_STRIDED(sfx, T)                                                                \
    extern "C" __global__ void copy_strided_##sfx(int n, const T* src, T* dst, Strides s) { \
        copy_strided(n, src, dst, s);                                                       \
    }
EACH_DTYPE(COPY_STRIDED)

// dst[i] = src[i] converted to the dtype DTYPE_<to>, as PyTorch's to(dtype): to bool x != 0 (NaN too),
// from bool 0 or 1, to int64 as to_i64; float64 to float32 rounds to nearest.
template <typename T>
__device__ __forceinline__ void cast(int n, const T* src, void* dst, int to) {
    GRID_STRIDE_LOOP(i, n) {
        T x = src[i];
        switch (to) {  // uniform across the grid
            case DTYPE_FLOAT32: ((float*)dst)[i] = (float)x; break;
            case DTYPE_FLOAT64: ((double*)dst)[i] = (double)x; break;
            case DTYPE_INT64: ((long long*)dst)[i] = IsFloat<T>::value ? to_i64((double)x) : (long long)x; break;
            default: ((unsigned char*)dst)[i] = x != 0; break;  // DTYPE_BOOL
        }
    }
}

#define CAST(sfx, T) \
    extern "C" __global__ void cast_##sfx(int n, const T* src, void* dst, int to) { cast(n, src, dst, to); }
EACH_DTYPE(CAST)

// fill for the 8-byte dtypes; float32 and bool are filled with cuMemsetD32/D8 (exact bit patterns).
extern "C" __global__ void fill_f64(int n, double value, double* out) {
    GRID_STRIDE_LOOP(i, n) out[i] = value;
}

extern "C" __global__ void fill_i64(int n, double value, long long* out) {
    long long v = to_i64(value);
    GRID_STRIDE_LOOP(i, n) out[i] = v;
}

template <typename T> __device__ __forceinline__ T divide(T x, T y) { return x / y; }

// BinaryOp.apply(long, long): 0 for a zero divisor (rejected above, as PyTorch does) and MIN / -1 wraps,
// where the hardware's result is unspecified.
__device__ __forceinline__ long long divide(long long x, long long y) {
    return y == 0 ? 0 : y == -1 ? (long long)(0ULL - (unsigned long long)x) : x / y;
}

// C's pow, as PyTorch computes it (and BinaryOp.apply / UnaryOp.apply): 1 for a base of 1 or an exponent of 0,
// even with NaN, and 1 for (-1)^+-inf.
template <typename T> __device__ __forceinline__ T power(T x, T y) { return pow(x, y); }
__device__ __forceinline__ float power(float x, float y) { return powf(x, y); }

// Square-and-multiply as BinaryOp.powLong, wrapping on overflow; a negative exponent gives PyTorch's integer
// result: 1 for a base of 1, +-1 for -1, else 0.
__device__ __forceinline__ long long power(long long x, long long y) {
    if (y < 0) return x == 1 ? 1 : x == -1 ? ((y & 1) ? -1 : 1) : 0;
    unsigned long long r = 1, b = (unsigned long long)x;
    for (long long e = y; e > 0; e >>= 1) {
        if (e & 1) r *= b;
        b *= b;
    }
    return (long long)r;
}

// torch.maximum/minimum: NaN if either operand is (x != x is false for integers).
template <typename T> __device__ __forceinline__ T maximum(T x, T y) { return x != x || x > y ? x : y; }
template <typename T> __device__ __forceinline__ T minimum(T x, T y) { return x != x || x < y ? x : y; }

// out = f(a, b) over s.dims, out contiguous, a read through s.a and b through s.b (0 = broadcast).
template <typename T, typename R, typename F>
__device__ __forceinline__ void binary_loop(int n, const T* a, const T* b, R* out, const Strides& s, F f) {
    GRID_STRIDE_LOOP(i, n) {
        Offsets o = offsets(i, s);
        out[i] = f(a[o.a], b[o.b]);
    }
}

// out = a op b for the arithmetic ops; out may be a or b. One loop per op, so that the op is not tested per
// element: binary_f32 is the elementwise kernel of every training step.
template <typename T>
__device__ __forceinline__ void binary(int n, int op, const T* a, const T* b, T* out, const Strides& s) {
    switch (op) {
        case BINARY_ADD: binary_loop(n, a, b, out, s, [](T x, T y) { return x + y; }); break;
        case BINARY_SUB: binary_loop(n, a, b, out, s, [](T x, T y) { return x - y; }); break;
        case BINARY_MUL: binary_loop(n, a, b, out, s, [](T x, T y) { return x * y; }); break;
        case BINARY_DIV: binary_loop(n, a, b, out, s, [](T x, T y) { return divide(x, y); }); break;
        case BINARY_POW: binary_loop(n, a, b, out, s, [](T x, T y) { return power(x, y); }); break;
        case BINARY_MAXIMUM: binary_loop(n, a, b, out, s, [](T x, T y) { return maximum(x, y); }); break;
        default: binary_loop(n, a, b, out, s, [](T x, T y) { return minimum(x, y); }); break;  // BINARY_MINIMUM
    }
}

#define BINARY(sfx, T)                                                                                  \
    extern "C" __global__ void binary_##sfx(int n, int op, const T* a, const T* b, T* out, Strides s) { \
        binary(n, op, a, b, out, s);                                                                    \
    }
NUMBER_DTYPES(BINARY)

// The comparisons, as binary with a bool out; NaN is unequal to everything, itself included.
template <typename T>
__device__ __forceinline__ void compare(int n, int op, const T* a, const T* b, unsigned char* out,
                                        const Strides& s) {
    typedef unsigned char B;
    switch (op) {
        case BINARY_EQ: binary_loop(n, a, b, out, s, [](T x, T y) { return B(x == y); }); break;
        case BINARY_NE: binary_loop(n, a, b, out, s, [](T x, T y) { return B(x != y); }); break;
        case BINARY_LT: binary_loop(n, a, b, out, s, [](T x, T y) { return B(x < y); }); break;
        case BINARY_LE: binary_loop(n, a, b, out, s, [](T x, T y) { return B(x <= y); }); break;
        case BINARY_GT: binary_loop(n, a, b, out, s, [](T x, T y) { return B(x > y); }); break;
        default: binary_loop(n, a, b, out, s, [](T x, T y) { return B(x >= y); }); break;  // BINARY_GE
    }
}

#define COMPARE(sfx, T)                                                                                 \
    extern "C" __global__ void compare_##sfx(int n, int op, const T* a, const T* b, unsigned char* out, \
                                             Strides s) {                                               \
        compare(n, op, a, b, out, s);                                                                   \
    }
EACH_DTYPE(COMPARE)

// UnaryOp.apply's formulas in T's precision, with CUDA's accurate math (no fast math) for float.
template <typename T> __device__ __forceinline__ T unary_float(int op, T x, double alpha, double beta) {
    switch (op) {
        case UNARY_NEG: return -x;
        case UNARY_ABS: return fabs(x);
        case UNARY_SIGN: return x > 0 ? T(1) : x < 0 ? T(-1) : x == 0 ? T(0) : x;
        case UNARY_EXP: return exp(x);
        case UNARY_LOG: return log(x);
        case UNARY_SQRT: return sqrt(x);
        case UNARY_RSQRT: return T(1) / sqrt(x);  // rsqrt() is 2 ulp off; this rounds twice, as the CPU
        case UNARY_SIN: return sin(x);
        case UNARY_COS: return cos(x);
        case UNARY_TANH: return tanh(x);
        case UNARY_SIGMOID: return T(1) / (T(1) + exp(-x));
        case UNARY_RELU: return x > 0 || x != x ? x : T(0);
        case UNARY_POW: return power(x, T(alpha));
        case UNARY_CLAMP: return x != x ? x : minimum(maximum(x, T(alpha)), T(beta));
        default: return T(alpha) * x + T(beta);  // UNARY_AFFINE
    }
}

// The ops UnaryOp takes on int64, wrapping as Java's long. CLAMP's bounds may be infinite or fractional:
// comparing with ceil(alpha) and floor(beta) is comparing with the real bounds.
__device__ __forceinline__ long long unary_int(int op, long long x, double alpha, double beta) {
    switch (op) {
        case UNARY_NEG: return -x;
        case UNARY_ABS: return x < 0 ? -x : x;
        case UNARY_SIGN: return x > 0 ? 1 : x < 0 ? -1 : 0;
        case UNARY_RELU: return x > 0 ? x : 0;
        case UNARY_CLAMP: return minimum(maximum(x, to_i64(ceil(alpha))), to_i64(floor(beta)));
        default: return to_i64(alpha) * x + to_i64(beta);  // UNARY_AFFINE
    }
}

// out = op(x) with x read through s.a; out is contiguous, of x's dtype or bool for the bool ops, and may be x.
template <typename T>
__device__ __forceinline__ void unary(int n, int op, const T* x, double alpha, double beta, void* out,
                                      const Strides& s) {
    GRID_STRIDE_LOOP(i, n) {
        T v = x[offsets(i, s).a];
        switch (op) {  // uniform across the grid
            case UNARY_ISNAN: ((unsigned char*)out)[i] = v != v; break;
            case UNARY_ISFINITE: ((unsigned char*)out)[i] = v - v == 0; break;  // NaN for NaN and +-inf
            case UNARY_LOGICAL_NOT: ((unsigned char*)out)[i] = v == 0; break;
            default:
                if constexpr (IsFloat<T>::value) {
                    ((T*)out)[i] = unary_float(op, v, alpha, beta);
                } else {  // int64 (bool takes only the bool ops)
                    ((T*)out)[i] = (T)unary_int(op, v, alpha, beta);
                }
        }
    }
}

#define UNARY(sfx, T)                                                                                       \
    extern "C" __global__ void unary_##sfx(int n, int op, const T* x, double alpha, double beta, void* out, \
                                           Strides s) {                                                     \
        unary(n, op, x, alpha, beta, out, s);                                                               \
    }
EACH_DTYPE(UNARY)

// out = cond ? a : b, read through s.a (cond), s.b (a) and s.c (b); out contiguous.
template <typename T>
__device__ __forceinline__ void where(int n, const unsigned char* cond, const T* a, const T* b, T* out,
                                      const Strides& s) {
    GRID_STRIDE_LOOP(i, n) {
        Offsets o = offsets(i, s);
        out[i] = cond[o.a] ? a[o.b] : b[o.c];
    }
}

#define WHERE(sfx, T)                                                                                        \
    extern "C" __global__ void where_##sfx(int n, const unsigned char* cond, const T* a, const T* b, T* out, \
                                           Strides s) {                                                      \
        where(n, cond, a, b, out, s);                                                                        \
    }
EACH_DTYPE(WHERE)

// A reduction's running value: sums and products in double for floats (a float32 sum of a long row would
// drift) and in int64 for int64 and bool, whose SUM and PROD are int64; ALL and ANY as 0 or 1; MAX, MIN and
// the arg ops keep the best value so far (exact in the wider type) with its index k, -1 while there is none.
template <typename T> struct Wide { typedef double type; };
template <> struct Wide<long long> { typedef long long type; };
template <> struct Wide<unsigned char> { typedef long long type; };

// Whether (bv, bk) beats (av, ak) for a maximum (else a minimum): the first NaN wins, then the larger
// (smaller) value, then the lower index. A total order, so any grouping of the scan gives the same answer.
template <typename W> __device__ __forceinline__ bool better(bool max, W bv, int bk, W av, int ak) {
    if (bk < 0) return false;
    if (ak < 0) return true;
    bool an = av != av, bn = bv != bv;
    if (an || bn) return bn && (!an || bk < ak);
    if (bv != av) return max ? bv > av : bv < av;
    return bk < ak;
}

// Sums and products: int64 ones wrap as Java's long (signed overflow would be undefined in C++).
__device__ __forceinline__ double wrap_add(double a, double b) { return a + b; }
__device__ __forceinline__ double wrap_mul(double a, double b) { return a * b; }
__device__ __forceinline__ long long wrap_add(long long a, long long b) {
    return (long long)((unsigned long long)a + (unsigned long long)b);
}
__device__ __forceinline__ long long wrap_mul(long long a, long long b) {
    return (long long)((unsigned long long)a * (unsigned long long)b);
}

template <typename W> __device__ __forceinline__ void combine(int op, W& av, int& ak, W bv, int bk) {
    switch (op) {
        case REDUCE_SUM: av = wrap_add(av, bv); break;
        case REDUCE_PROD: av = wrap_mul(av, bv); break;
        case REDUCE_ALL: av = av && bv; break;
        case REDUCE_ANY: av = av || bv; break;
        default:
            if (better(op == REDUCE_MAX || op == REDUCE_ARGMAX, bv, bk, av, ak)) {
                av = bv;
                ak = bk;
            }
    }
}

template <typename T, typename W> __device__ __forceinline__ W element(int op, T x) {
    return op == REDUCE_ALL || op == REDUCE_ANY ? W(x != 0) : W(x);
}

// Writes the result in ReduceOp.resultType's dtype.
template <typename T, typename W> __device__ __forceinline__ void store(int op, void* out, long long j, W v, int k) {
    switch (op) {
        case REDUCE_SUM:
        case REDUCE_PROD:
            if constexpr (IsFloat<T>::value) {
                ((T*)out)[j] = (T)v;
            } else {
                ((long long*)out)[j] = v;
            }
            break;
        case REDUCE_MAX:
        case REDUCE_MIN: ((T*)out)[j] = (T)v; break;
        case REDUCE_ARGMAX:
        case REDUCE_ARGMIN: ((long long*)out)[j] = k; break;
        default: ((unsigned char*)out)[j] = v != 0; break;  // REDUCE_ALL, REDUCE_ANY
    }
}

// out[o * inner + i] = op over k < size of x[(o * size + k) * inner + i]. blockPerOutput 0: a thread per
// output scans k upwards (coalesced across i); 1: a block per output, thread t scanning k = t, t + blockDim.x,
// ..., then a fixed tree over the threads (blockDim.x <= BLOCK_THREADS). Either order is fixed by the launch
// (no atomics), so results are deterministic; the launcher picks by shape only.
template <typename T>
__device__ __forceinline__ void reduce(int nOut, int op, const T* x, int size, int inner, void* out,
                                       int blockPerOutput) {
    typedef typename Wide<T>::type W;
    W start = op == REDUCE_PROD || op == REDUCE_ALL ? 1 : 0;
    if (!blockPerOutput) {
        GRID_STRIDE_LOOP(j, nOut) {
            const T* p = x + (j / inner) * size * inner + j % inner;
            W v = start;
            int k = -1;
            for (int q = 0; q < size; ++q) combine(op, v, k, element<T, W>(op, p[(long long)q * inner]), q);
            store<T>(op, out, j, v, k);
        }
        return;
    }
    __shared__ W shv[BLOCK_THREADS];
    __shared__ int shk[BLOCK_THREADS];
    unsigned t = threadIdx.x;
    for (long long j = blockIdx.x; j < nOut; j += gridDim.x) {
        const T* p = x + (j / inner) * size * inner + j % inner;
        W v = start;
        int k = -1;
        for (int q = t; q < size; q += blockDim.x) combine(op, v, k, element<T, W>(op, p[(long long)q * inner]), q);
        shv[t] = v;
        shk[t] = k;
        __syncthreads();
        for (unsigned s = BLOCK_THREADS / 2; s > 0; s >>= 1) {
            if (t < s && t + s < blockDim.x) combine(op, shv[t], shk[t], shv[t + s], shk[t + s]);
            __syncthreads();
        }
        if (t == 0) store<T>(op, out, j, shv[0], shk[0]);
        __syncthreads();  // shv[0] is read before the next output overwrites it
    }
}

#define REDUCE(sfx, T)                                                                               \
    extern "C" __global__ void __launch_bounds__(BLOCK_THREADS)                                      \
    reduce_##sfx(int nOut, int op, const T* x, int size, int inner, void* out, int blockPerOutput) { \
        reduce(nOut, op, x, size, inner, out, blockPerOutput);                                       \
    }
EACH_DTYPE(REDUCE)

// out[o, j, i] = x[o, index[j], i] with x viewed as [outer, size, inner] and out as [outer, nIndex, inner].
template <typename T>
__device__ __forceinline__ void index_select(int n, const T* x, int size, int inner, const long long* index,
                                             int nIndex, T* out) {
    GRID_STRIDE_LOOP(e, n) {
        unsigned rest = (unsigned)e / inner, i = (unsigned)e % inner;  // e < n <= INT_MAX
        unsigned j = rest % nIndex, o = rest / nIndex;
        out[e] = x[((long long)o * size + index[j]) * inner + i];
    }
}

#define INDEX_SELECT(sfx, T)                                                                    \
    extern "C" __global__ void index_select_##sfx(int n, const T* x, int size, int inner,       \
                                                  const long long* index, int nIndex, T* out) { \
        index_select(n, x, size, inner, index, nIndex, out);                                    \
    }
EACH_DTYPE(INDEX_SELECT)

// out[o, index[j], i] += src[o, j, i], out viewed as [outer, size, inner] and src as [outer, nIndex, inner]:
// one thread per (o, i), n = outer * inner, adding for j = 0, 1, ... in turn, so repeated indices add up in
// a fixed order without atomics.
template <typename T>
__device__ __forceinline__ void index_add(int n, const T* src, int size, int inner, const long long* index,
                                          int nIndex, T* out) {
    GRID_STRIDE_LOOP(e, n) {
        unsigned o = (unsigned)e / inner, i = (unsigned)e % inner;
        const T* from = src + (long long)o * nIndex * inner + i;
        T* to = out + (long long)o * size * inner + i;
        for (int j = 0; j < nIndex; ++j) to[index[j] * inner] += from[(long long)j * inner];
    }
}

#define INDEX_ADD(sfx, T)                                                                    \
    extern "C" __global__ void index_add_##sfx(int n, const T* src, int size, int inner,     \
                                               const long long* index, int nIndex, T* out) { \
        index_add(n, src, size, inner, index, nIndex, out);                                  \
    }
FLOAT_DTYPES(INDEX_ADD)

// out[c] = x[c with c[dim] = index[c]] for every position c of s.dims (the sizes of index and out, both
// contiguous); s.a holds x's strides.
template <typename T>
__device__ __forceinline__ void gather(int n, const T* x, const long long* index, T* out, int dim,
                                       const Strides& s) {
    GRID_STRIDE_LOOP(e, n) {
        unsigned rem = (unsigned)e;
        long long off = 0;
#pragma unroll
        for (int d = MAX_RANK - 1; d >= 0; --d) {
            if (d < s.rank) {
                long long c = rem % (unsigned)s.dims[d];
                rem /= (unsigned)s.dims[d];
                off += (d == dim ? index[e] : c) * s.a[d];
            }
        }
        out[e] = x[off];
    }
}

#define GATHER(sfx, T)                                                                                  \
    extern "C" __global__ void gather_##sfx(int n, const T* x, const long long* index, T* out, int dim, \
                                            Strides s) {                                                \
        gather(n, x, index, out, dim, s);                                                               \
    }
EACH_DTYPE(GATHER)

// For each position c of s.dims but dim (one thread each, n of them), for j = 0, 1, ... along dim:
// out[c with c[dim] = index[c, j]] = src[c, j], or += with add. s.a holds src's strides, s.b out's and s.c
// index's. Visiting j in order makes the last write win and sums deterministic, without atomics.
template <typename T>
__device__ __forceinline__ void scatter(int n, const T* src, const long long* index, T* out, int dim, int add,
                                        const Strides& s) {
    GRID_STRIDE_LOOP(e, n) {
        unsigned rem = (unsigned)e;
        long long offSrc = 0, offOut = 0, offIndex = 0, stepSrc = 0, stepOut = 0, stepIndex = 0;
        int len = 0;
#pragma unroll
        for (int d = MAX_RANK - 1; d >= 0; --d) {
            if (d < s.rank) {
                if (d == dim) {
                    len = s.dims[d];
                    stepSrc = s.a[d];
                    stepOut = s.b[d];
                    stepIndex = s.c[d];
                } else {
                    long long c = rem % (unsigned)s.dims[d];
                    rem /= (unsigned)s.dims[d];
                    offSrc += c * s.a[d];
                    offOut += c * s.b[d];
                    offIndex += c * s.c[d];
                }
            }
        }
        for (int j = 0; j < len; ++j) {
            T v = src[offSrc + j * stepSrc];
            T* to = out + offOut + index[offIndex + j * stepIndex] * stepOut;
            *to = add ? T(*to + v) : v;
        }
    }
}

#define SCATTER(sfx, T)                                                                                    \
    extern "C" __global__ void scatter_##sfx(int n, const T* src, const long long* index, T* out, int dim, \
                                             int add, Strides s) {                                         \
        scatter(n, src, index, out, dim, add, s);                                                          \
    }
EACH_DTYPE(SCATTER)
