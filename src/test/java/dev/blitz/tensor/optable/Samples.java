package dev.blitz.tensor.optable;

import dev.blitz.core.DType;
import dev.blitz.core.Device;
import dev.blitz.core.Shape;
import dev.blitz.tensor.Tensor;

/**
 * The inputs of a row's samples: fixed values (no random generator) in the row's domain, of any dtype, on any
 * device, either contiguous or as a strided view with an offset (every other element of a larger leaf).
 */
final class Samples {
    private Samples() {
    }

    /** Input {@code k}'s value at flat position {@code i}, in float64, before conversion to a dtype. */
    static double value(OpInfo.Domain domain, int k, int i, int n) {
        double v = 2 * Math.sin(1.7 * i + 0.9 * k + 0.5);
        return switch (domain) {
            case ANY -> v;
            case POSITIVE -> 0.5 + Math.abs(v);
            // A permutation of (-n/2 .. n/2) * 0.2 + 0.1 when n and 37 are coprime, else still 0.1 apart mostly.
            case DISTINCT -> (((long) (i + k) * 37) % n - n / 2) * 0.2 + 0.1 + 0.01 * k;
            case PROBABILITY -> 0.5 + 0.2 * v;
        };
    }

    static double[] values(OpInfo.Domain domain, int k, int n) {
        double[] out = new double[n];
        for (int i = 0; i < n; i++) {
            out[i] = value(domain, k, i, n);
        }
        return out;
    }

    /** The leaves of sample {@code s}: contiguous tensors, or the larger tensors whose views are the inputs. */
    static Tensor[] leaves(OpInfo row, int s, DType dtype, Device device, boolean asView) {
        int[][] shapes = row.samples.get(s);
        Tensor[] out = new Tensor[shapes.length];
        for (int k = 0; k < shapes.length; k++) {
            int[] shape = shapes[k];
            double[] v = values(row.domain(k), k, Shape.of(shape).numel());
            if (asView && shape.length > 0) {
                shape = shape.clone();
                int last = shape[shape.length - 1];
                double[] wide = new double[v.length * 2];
                for (int i = 0; i < v.length; i++) {
                    wide[2 * i] = 99; // never read through the view: its gradient must stay 0
                    wide[2 * i + 1] = v[i];
                }
                shape[shape.length - 1] = 2 * last;
                v = wide;
            }
            out[k] = convert(Tensor.of(v, shape), dtype).to(device);
        }
        return out;
    }

    /** The op's inputs over the leaves: the leaves themselves, or every other element from the second on. */
    static Tensor[] inputs(OpInfo row, int s, Tensor[] leaves, boolean asView) {
        Tensor[] out = leaves.clone();
        for (int k = 0; k < out.length; k++) {
            if (asView && row.samples.get(s)[k].length > 0) {
                int last = leaves[k].size(-1);
                out[k] = leaves[k].slice(-1, 1, last, 2);
            }
        }
        return out;
    }

    private static Tensor convert(Tensor t, DType dtype) {
        return switch (dtype) {
            case FLOAT32, FLOAT64 -> t.to(dtype);
            case INT64 -> t.mul(2).to(DType.INT64);
            case BOOL -> t.gt(Tensor.zerosLike(t));
        };
    }
}
