package dev.blitz.backend.cuda;

/**
 * index_select, index_add, gather and scatter. The accumulating ones give each thread whole runs of the indexed
 * dimension, visited in increasing order, instead of using atomics: no two threads write one element, so
 * repeated indices add up (or overwrite) in a fixed order.
 */
final class IndexCuda {
    private final Kernels kernels;

    IndexCuda(Kernels kernels) {
        this.kernels = kernels;
    }

    void indexSelect(CudaBuffer x, int size, int inner, CudaBuffer index, CudaBuffer out) {
        kernels.indexSelect(x.dtype(), out.length(), x, size, inner, index, index.length(), out);
    }

    void indexAdd(CudaBuffer src, int outer, int size, int inner, CudaBuffer index, CudaBuffer out) {
        if (index.length() > 0) {
            kernels.indexAdd(out.dtype(), outer * inner, src, size, inner, index, index.length(), out);
        }
    }

    void gather(CudaBuffer x, int[] xDims, CudaBuffer index, int[] indexDims, int dim, CudaBuffer out) {
        int n = CopyCuda.numel(indexDims);
        if (n == 0) {
            return;
        }
        int[] strides = Strides.exact("gather", indexDims, dim, Strides.contiguous(xDims));
        kernels.gather(x.dtype(), n, x, index, out, Strides.keptAt(indexDims, dim), strides);
    }

    void scatter(CudaBuffer src, int[] srcDims, CudaBuffer index, int[] indexDims, int dim, CudaBuffer out,
                 int[] outDims, boolean add) {
        int n = CopyCuda.numel(indexDims);
        if (n == 0) {
            return;
        }
        int[] strides = Strides.exact("scatter", indexDims, dim, Strides.contiguous(srcDims),
                Strides.contiguous(outDims), Strides.contiguous(indexDims));
        kernels.scatter(out.dtype(), n / indexDims[dim], src, index, out, Strides.keptAt(indexDims, dim), add ? 1 : 0,
                strides);
    }
}
