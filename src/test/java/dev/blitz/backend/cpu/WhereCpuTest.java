package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.backend.Strided;
import dev.blitz.core.DType;
import dev.blitz.core.Shape;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameValues;
import static dev.blitz.backend.cpu.ReferenceKernels.element;
import static dev.blitz.backend.cpu.ReferenceKernels.exact;
import static dev.blitz.backend.cpu.ReferenceKernels.upload;
import static dev.blitz.backend.cpu.ReferenceKernels.values;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WhereCpuTest {
    @Test
    void aColumnConditionPicksBetweenAMatrixAndAScalar() {
        // torch.where(cond[:, None], x, 0.0) for a 2 x 3 x.
        Buffer cond = CPU.upload(new boolean[] {true, false});
        Buffer x = upload(DType.FLOAT32, 1, 2, 3, 4, 5, 6);
        Buffer zero = upload(DType.FLOAT32, 0);
        Buffer out = CPU.allocate(6);
        CPU.where(new Strided(cond, 0, new int[] {1, 0}), Strided.contiguous(x, 2, 3),
                new Strided(zero, 0, new int[] {0, 0}), out, Shape.of(2, 3));
        assertSameValues("where", new double[] {1, 2, 3, 0, 0, 0}, values(out));
    }

    @Test
    void everyDtypeThroughOffsetAndTransposedViews() {
        Random r = new Random(71);
        int[] dims = {5, 7};
        for (DType t : DType.values()) {
            double[] c = exact(r, DType.BOOL, 1 + 35);
            double[] a = exact(r, t, 2 + 35);
            double[] b = exact(r, t, 7);
            int[] cs = {7, 1};
            int[] as = {1, 5}; // transposed
            int[] bs = {0, 1}; // a row broadcast down
            Buffer out = CPU.allocate(t, 35);
            CPU.where(new Strided(upload(DType.BOOL, c), 1, cs), new Strided(upload(t, a), 2, as),
                    new Strided(upload(t, b), 0, bs), out, Shape.of(dims));
            double[] want = new double[35];
            for (int i = 0; i < 35; i++) {
                want[i] = c[element(i, dims, 1, cs)] != 0 ? a[element(i, dims, 2, as)] : b[element(i, dims, 0, bs)];
            }
            assertSameValues("where " + t, want, values(out));
        }
    }

    @Test
    void scalarsEmptyShapesAndTwoDtypes() {
        Buffer out = CPU.allocate(DType.INT64, 1);
        CPU.where(Strided.contiguous(CPU.upload(new boolean[] {false})), Strided.contiguous(upload(DType.INT64, 1)),
                new Strided(upload(DType.INT64, 5, 9), 1, new int[0]), out, Shape.of());
        assertSameValues("0-d", new double[] {9}, values(out));
        Buffer none = CPU.allocate(DType.BOOL, 0);
        CPU.where(Strided.contiguous(none, 0), Strided.contiguous(none, 0), Strided.contiguous(none, 0), none,
                Shape.of(0));
        assertThrows(IllegalArgumentException.class, () -> CPU.where(Strided.contiguous(none, 0),
                Strided.contiguous(CPU.allocate(0), 0), Strided.contiguous(none, 0), none, Shape.of(0)));
    }
}
