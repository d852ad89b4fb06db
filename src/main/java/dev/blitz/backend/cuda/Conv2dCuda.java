package dev.blitz.backend.cuda;

import dev.blitz.backend.ConvGeometry;
import dev.blitz.backend.DeterministicAlgorithms;
import jcuda.Pointer;
import jcuda.jcudnn.JCudnn;
import jcuda.jcudnn.cudnnConvolutionBwdDataAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionBwdFilterAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionDescriptor;
import jcuda.jcudnn.cudnnConvolutionFwdAlgoPerf;
import jcuda.jcudnn.cudnnConvolutionMode;
import jcuda.jcudnn.cudnnDataType;
import jcuda.jcudnn.cudnnDeterminism;
import jcuda.jcudnn.cudnnFilterDescriptor;
import jcuda.jcudnn.cudnnHandle;
import jcuda.jcudnn.cudnnMathType;
import jcuda.jcudnn.cudnnTensorDescriptor;
import jcuda.jcudnn.cudnnTensorFormat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * 2-D convolution through cuDNN. Per geometry, descriptors are made once and each direction's algorithm is
 * chosen once, the first time that direction runs, from cudnnFind*Algorithm's candidates by {@link AlgorithmChoice}
 * (the median of several timings, or a fixed rule under {@code Blitz.useDeterministicAlgorithms}); the choice and
 * its workspace size are kept in the {@link ConvAlgorithmCache}, so training steps never search again, and a saved
 * cache spares a later process the search. One workspace, grown to the largest need, serves every call (they all
 * run in order on one stream).
 *
 * <p>Math is restricted to FMA kernels: TF32 tensor cores would round inputs to 10 mantissa bits and break
 * float32 parity with the CPU backend for a speed-up LeNet-sized layers do not need. The descriptor keeps that
 * math type after the search, so each algorithm runs exactly as it ran when Find timed it.
 *
 * <p>Dilation and groups are the descriptor's: cuDNN takes the filter as {@code [O, C / groups, kH, kW]}, as
 * PyTorch stores it.
 *
 * <p>The bias gradient is two cuBLAS GEMMs against a {@link OnesVector}, not cuDNN (see {@link #backwardBias}).
 */
final class Conv2dCuda {
    /** The descriptors of one geometry. */
    private static final class Plan {
        final cudnnTensorDescriptor x;
        final cudnnTensorDescriptor y;
        final cudnnTensorDescriptor bias;
        final cudnnFilterDescriptor w;
        final cudnnConvolutionDescriptor conv;
        /** The algorithm each direction last ran, by {@link ConvDirection} ordinal: no cache lookup per call. */
        final ConvAlgorithm[] running = new ConvAlgorithm[ConvDirection.values().length];

        Plan(ConvGeometry g) {
            x = Cudnn.tensor(g.batch(), g.inChannels(), g.inH(), g.inW());
            y = Cudnn.tensor(g.batch(), g.outChannels(), g.outH(), g.outW());
            bias = Cudnn.tensor(1, g.outChannels(), 1, 1);
            w = new cudnnFilterDescriptor();
            CudaCheck.cudnn(JCudnn.cudnnCreateFilterDescriptor(w), "cudnnCreateFilterDescriptor");
            CudaCheck.cudnn(JCudnn.cudnnSetFilter4dDescriptor(w, cudnnDataType.CUDNN_DATA_FLOAT,
                    cudnnTensorFormat.CUDNN_TENSOR_NCHW, g.outChannels(), g.groupInChannels(), g.kernelH(),
                    g.kernelW()),
                    "cudnnSetFilter4dDescriptor " + g);
            conv = new cudnnConvolutionDescriptor();
            CudaCheck.cudnn(JCudnn.cudnnCreateConvolutionDescriptor(conv), "cudnnCreateConvolutionDescriptor");
            CudaCheck.cudnn(JCudnn.cudnnSetConvolution2dDescriptor(conv, g.padH(), g.padW(), g.strideH(), g.strideW(),
                    g.dilationH(), g.dilationW(), cudnnConvolutionMode.CUDNN_CROSS_CORRELATION,
                    cudnnDataType.CUDNN_DATA_FLOAT), "cudnnSetConvolution2dDescriptor " + g);
            CudaCheck.cudnn(JCudnn.cudnnSetConvolutionGroupCount(conv, g.groups()),
                    "cudnnSetConvolutionGroupCount " + g);
            CudaCheck.cudnn(JCudnn.cudnnSetConvolutionMathType(conv, cudnnMathType.CUDNN_FMA_MATH),
                    "cudnnSetConvolutionMathType");
        }
    }

    private final cudnnHandle handle;
    private final CachingAllocator memory;
    private final GemmCuda gemm;
    private final OnesVector ones;
    private final ConvAlgorithmCache algorithms;
    private final Map<ConvGeometry, Plan> plans = new ConcurrentHashMap<>();
    private CudaBuffer workspace;

    Conv2dCuda(cudnnHandle handle, CachingAllocator memory, GemmCuda gemm, OnesVector ones,
               ConvAlgorithmCache algorithms) {
        this.handle = handle;
        this.algorithms = algorithms;
        this.memory = memory;
        this.gemm = gemm;
        this.ones = ones;
    }

    void forward(ConvGeometry g, CudaBuffer x, CudaBuffer w, CudaBuffer bias, CudaBuffer y) {
        Plan p = plan(g);
        ConvAlgorithm a = algorithm(ConvDirection.FORWARD, g, p);
        CudaCheck.cudnn(JCudnn.cudnnConvolutionForward(handle, Cudnn.ONE, p.x, x.pointer(), p.w, w.pointer(),
                p.conv, a.algo(), workspace(a.workspace()), a.workspace(), Cudnn.ZERO, p.y, y.pointer()),
                "cudnnConvolutionForward " + g);
        if (bias != null) {
            CudaCheck.cudnn(JCudnn.cudnnAddTensor(handle, Cudnn.ONE, p.bias, bias.pointer(), Cudnn.ACCUMULATE, p.y,
                    y.pointer()), "cudnnAddTensor (conv bias) " + g);
        }
    }

    void backwardData(ConvGeometry g, CudaBuffer w, CudaBuffer dy, CudaBuffer dx) {
        Plan p = plan(g);
        ConvAlgorithm a = algorithm(ConvDirection.BACKWARD_DATA, g, p);
        CudaCheck.cudnn(JCudnn.cudnnConvolutionBackwardData(handle, Cudnn.ONE, p.w, w.pointer(), p.y, dy.pointer(),
                p.conv, a.algo(), workspace(a.workspace()), a.workspace(), Cudnn.ZERO, p.x, dx.pointer()),
                "cudnnConvolutionBackwardData " + g);
    }

    void backwardFilter(ConvGeometry g, CudaBuffer x, CudaBuffer dy, CudaBuffer dw) {
        Plan p = plan(g);
        ConvAlgorithm a = algorithm(ConvDirection.BACKWARD_FILTER, g, p);
        CudaCheck.cudnn(JCudnn.cudnnConvolutionBackwardFilter(handle, Cudnn.ONE, p.x, x.pointer(), p.y, dy.pointer(),
                p.conv, a.algo(), workspace(a.workspace()), a.workspace(), Cudnn.ZERO, p.w, dw.pointer()),
                "cudnnConvolutionBackwardFilter " + g);
    }

    /**
     * Two GEMMs with ones (over each plane, then over the batch): cudnnConvolutionBackwardBias took 0.4 ms for
     * conv1 at batch 1024, the slowest op of the step.
     */
    void backwardBias(ConvGeometry g, CudaBuffer dy, CudaBuffer db) {
        int planes = g.batch() * g.outChannels();
        int plane = g.outH() * g.outW();
        CudaBuffer perPlane = memory.allocate(planes);
        try {
            gemm.gemm(false, false, planes, 1, plane, 1f, dy, ones.atLeast(plane), 0f, perPlane);
            gemm.gemm(false, false, 1, g.outChannels(), g.batch(), 1f, ones.atLeast(g.batch()), perPlane, 0f, db);
        } finally {
            perPlane.release();
        }
    }

    /**
     * The choice for this direction and geometry: the one it last ran, else the cache's (a loaded file's for a
     * geometry not run yet), else a search; the deterministic restriction replaces a choice that is not
     * deterministic.
     */
    private ConvAlgorithm algorithm(ConvDirection direction, ConvGeometry g, Plan p) {
        boolean deterministic = DeterministicAlgorithms.enabled();
        ConvAlgorithm a = p.running[direction.ordinal()];
        if (a != null && (!deterministic || a.deterministic())) {
            return a;
        }
        a = algorithms.get(direction, g);
        if (a == null || (deterministic && !a.deterministic())) {
            List<List<AlgorithmChoice.Candidate>> trials = new ArrayList<>();
            for (int t = 0; t < (deterministic ? 1 : AlgorithmChoice.TRIALS); t++) {
                trials.add(search(direction, g, p));
            }
            a = AlgorithmChoice.choose(trials, deterministic, direction, g);
            algorithms.put(direction, g, a);
        }
        p.running[direction.ordinal()] = a;
        return a;
    }

    // The three searches differ only in their cuDNN types (the perf structs share no interface).

    private List<AlgorithmChoice.Candidate> search(ConvDirection direction, ConvGeometry g, Plan p) {
        int[] count = new int[1];
        int[] returned = new int[1];
        List<AlgorithmChoice.Candidate> found = new ArrayList<>();
        switch (direction) {
            case FORWARD -> {
                CudaCheck.cudnn(JCudnn.cudnnGetConvolutionForwardAlgorithmMaxCount(handle, count),
                        "cudnnGetConvolutionForwardAlgorithmMaxCount");
                cudnnConvolutionFwdAlgoPerf[] perf = new cudnnConvolutionFwdAlgoPerf[count[0]];
                Arrays.setAll(perf, i -> new cudnnConvolutionFwdAlgoPerf());
                CudaCheck.cudnn(JCudnn.cudnnFindConvolutionForwardAlgorithm(handle, p.x, p.w, p.conv, p.y,
                        perf.length, returned, perf), "cudnnFindConvolutionForwardAlgorithm " + g);
                for (int i = 0; i < returned[0]; i++) {
                    found.add(candidate(perf[i].algo, perf[i].status, perf[i].time, perf[i].memory,
                            perf[i].determinism));
                }
            }
            case BACKWARD_DATA -> {
                CudaCheck.cudnn(JCudnn.cudnnGetConvolutionBackwardDataAlgorithmMaxCount(handle, count),
                        "cudnnGetConvolutionBackwardDataAlgorithmMaxCount");
                cudnnConvolutionBwdDataAlgoPerf[] perf = new cudnnConvolutionBwdDataAlgoPerf[count[0]];
                Arrays.setAll(perf, i -> new cudnnConvolutionBwdDataAlgoPerf());
                CudaCheck.cudnn(JCudnn.cudnnFindConvolutionBackwardDataAlgorithm(handle, p.w, p.y, p.conv, p.x,
                        perf.length, returned, perf), "cudnnFindConvolutionBackwardDataAlgorithm " + g);
                for (int i = 0; i < returned[0]; i++) {
                    found.add(candidate(perf[i].algo, perf[i].status, perf[i].time, perf[i].memory,
                            perf[i].determinism));
                }
            }
            case BACKWARD_FILTER -> {
                CudaCheck.cudnn(JCudnn.cudnnGetConvolutionBackwardFilterAlgorithmMaxCount(handle, count),
                        "cudnnGetConvolutionBackwardFilterAlgorithmMaxCount");
                cudnnConvolutionBwdFilterAlgoPerf[] perf = new cudnnConvolutionBwdFilterAlgoPerf[count[0]];
                Arrays.setAll(perf, i -> new cudnnConvolutionBwdFilterAlgoPerf());
                CudaCheck.cudnn(JCudnn.cudnnFindConvolutionBackwardFilterAlgorithm(handle, p.x, p.y, p.conv, p.w,
                        perf.length, returned, perf), "cudnnFindConvolutionBackwardFilterAlgorithm " + g);
                for (int i = 0; i < returned[0]; i++) {
                    found.add(candidate(perf[i].algo, perf[i].status, perf[i].time, perf[i].memory,
                            perf[i].determinism));
                }
            }
        }
        return found;
    }

    private static AlgorithmChoice.Candidate candidate(int algo, int status, float time, long memory,
                                                       int determinism) {
        return new AlgorithmChoice.Candidate(algo, status, time, memory,
                determinism == cudnnDeterminism.CUDNN_DETERMINISTIC);
    }

    private Plan plan(ConvGeometry g) {
        return plans.computeIfAbsent(g, Plan::new);
    }

    /** The shared workspace, grown to at least {@code bytes}; a null pointer when none is needed. */
    private Pointer workspace(long bytes) {
        if (bytes == 0) {
            return new Pointer();
        }
        if (workspace == null || workspace.bytes() < bytes) {
            if (workspace != null) {
                workspace.release();
            }
            workspace = memory.allocate((int) ((bytes + 3) / 4));
        }
        return workspace.pointer();
    }
}
