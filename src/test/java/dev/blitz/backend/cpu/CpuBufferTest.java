package dev.blitz.backend.cpu;

import dev.blitz.backend.Buffer;
import dev.blitz.core.DType;
import org.junit.jupiter.api.Test;

import static dev.blitz.backend.cpu.ReferenceKernels.CPU;
import static dev.blitz.backend.cpu.ReferenceKernels.assertSameValues;
import static dev.blitz.backend.cpu.ReferenceKernels.upload;
import static dev.blitz.backend.cpu.ReferenceKernels.values;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

class CpuBufferTest {
    @Test
    void everyDtypeRoundTripsThroughUploadAndDownload() {
        float[] f = {1.5f, -0f, Float.NaN, Float.MIN_VALUE};
        float[] fBack = new float[f.length];
        Buffer fb = CPU.upload(f);
        CPU.download(fb, fBack);
        assertEquals(DType.FLOAT32, fb.dtype());
        assertArrayEquals(f, fBack);

        double[] d = {1.5, -0.0, Double.NaN, Double.MAX_VALUE, 0.1};
        double[] dBack = new double[d.length];
        Buffer db = CPU.upload(d);
        d[0] = 99; // upload copies
        CPU.download(db, dBack);
        assertEquals(DType.FLOAT64, db.dtype());
        assertArrayEquals(new double[] {1.5, -0.0, Double.NaN, Double.MAX_VALUE, 0.1}, dBack);

        long[] l = {Long.MIN_VALUE, -1, 0, Long.MAX_VALUE};
        long[] lBack = new long[l.length];
        Buffer lb = CPU.upload(l);
        CPU.download(lb, lBack);
        assertEquals(DType.INT64, lb.dtype());
        assertArrayEquals(l, lBack);

        boolean[] b = {true, false, true};
        boolean[] bBack = new boolean[b.length];
        Buffer bb = CPU.upload(b);
        CPU.download(bb, bBack);
        assertEquals(DType.BOOL, bb.dtype());
        assertArrayEquals(b, bBack);
    }

    @Test
    void allocateGivesABufferOfTheDtype() {
        for (DType t : DType.values()) {
            Buffer b = CPU.allocate(t, 5);
            assertEquals(t, b.dtype());
            assertEquals(5, b.length());
            assertEquals(0, CPU.allocate(t, 0).length());
        }
        assertEquals(DType.FLOAT32, CPU.allocate(3).dtype());
    }

    @Test
    void fillConvertsTheValueToEachDtype() {
        double[] want = {2.75, 2.75, 2, 1};
        for (DType t : DType.values()) {
            Buffer b = CPU.allocate(t, 3);
            CPU.fill(b, 2.75);
            double w = want[t.ordinal()];
            assertSameValues("fill 2.75 " + t, new double[] {w, w, w}, values(b));
        }
        Buffer ints = CPU.allocate(DType.INT64, 2);
        CPU.fill(ints, -2.75);
        assertSameValues("toward zero", new double[] {-2, -2}, values(ints));
        Buffer bools = CPU.allocate(DType.BOOL, 2);
        CPU.fill(bools, Double.NaN);
        assertSameValues("NaN is nonzero", new double[] {1, 1}, values(bools));
        CPU.fill(bools, -0.0);
        assertSameValues("-0 is zero", new double[] {0, 0}, values(bools));
    }

    @Test
    void copyAndReadWorkForEveryDtype() {
        for (DType t : DType.values()) {
            Buffer src = upload(t, 1, 0, 3);
            Buffer dst = CPU.allocate(t, 3);
            CPU.copy(src, dst);
            double[] want = t == DType.BOOL ? new double[] {1, 0, 1} : new double[] {1, 0, 3};
            assertSameValues("copy " + t, want, values(dst));
            assertEquals((float) want[2], CPU.read(dst, 2), "read " + t);
        }
        assertThrows(IllegalArgumentException.class,
                () -> CPU.copy(upload(DType.INT64, 1), CPU.allocate(DType.FLOAT64, 1)));
    }

    @Test
    void wrapSharesTheCallersArrayAndNeverGivesItToThePool() {
        float[] a = new float[300];
        Buffer w = CPU.wrap(a);
        assertSame(a, CPU.hostArray(w));
        CPU.fill(w, 3);
        assertEquals(3f, a[0]);
        a[1] = 7;
        assertEquals(7f, CPU.read(w, 1));

        long kept = ArrayPool.kept();
        w.release();
        assertEquals(kept, ArrayPool.kept(), "the caller still owns the array");
        assertNotSame(a, CpuBuffer.of(CPU.allocate(a.length)));

        double[] d = {1, 2};
        Buffer wd = CPU.wrap(d);
        assertEquals(DType.FLOAT64, wd.dtype());
        assertSame(d, CPU.hostArray(wd));

        assertThrows(IllegalArgumentException.class, () -> CPU.wrap(new long[1]));
        assertThrows(IllegalArgumentException.class, () -> CPU.wrap("text"));
    }

    @Test
    void anArrayHandedOutByHostArrayNeverGoesBackToThePool() {
        Buffer b = CPU.allocate(300);
        float[] a = (float[]) CPU.hostArray(b);
        long kept = ArrayPool.kept();
        b.release();
        assertEquals(kept, ArrayPool.kept(), "the caller may still hold the array");
        assertNotSame(a, CpuBuffer.of(CPU.allocate(300)));
    }

    @Test
    void hostArrayIsTheArrayBehindEveryDtype() {
        assertEquals(float[].class, CPU.hostArray(CPU.allocate(DType.FLOAT32, 2)).getClass());
        assertEquals(double[].class, CPU.hostArray(CPU.allocate(DType.FLOAT64, 2)).getClass());
        assertEquals(long[].class, CPU.hostArray(CPU.allocate(DType.INT64, 2)).getClass());
        Buffer b = CPU.upload(new boolean[] {true});
        ((boolean[]) CPU.hostArray(b))[0] = false;
        assertSameValues("written through the host array", new double[] {0}, values(b));
    }

    @Test
    void aKernelGivenAnotherDtypeNamesBoth() {
        Buffer ints = CPU.upload(new long[] {1, 2, 3});
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CpuBuffer.of(ints));
        assertEquals("expected a torch.float32 buffer, got a torch.int64 buffer of 3 elements", e.getMessage());
        // A float32-only network kernel fed an int64 buffer fails the same way.
        assertThrows(IllegalStateException.class, () -> CPU.reluForward(ints, CPU.allocate(3)));
        assertThrows(IllegalStateException.class, () -> CpuBuffer.f64(CPU.allocate(1)));
        assertThrows(IllegalStateException.class, () -> CpuBuffer.b8(ints));
        assertThrows(IllegalStateException.class, () -> CpuBuffer.i64(CPU.allocate(DType.BOOL, 1)));
    }

    @Test
    void aReleasedBufferOfAnyDtypeCannotBeUsedAgain() {
        Buffer b = CPU.allocate(DType.INT64, 3);
        b.release();
        b.release();
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> CPU.fill(b, 1));
        assertEquals("a CPU buffer of 3 torch.int64 elements was used after release", e.getMessage());
    }
}
