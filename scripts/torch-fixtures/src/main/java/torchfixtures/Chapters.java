package torchfixtures;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.engine.PtNDManager;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The first two chapters of PyTorch's 60-minute blitz (Tensors, Autograd) run on libtorch 2.7.1 itself, after
 * {@code torch.manual_seed(0)}: every random draw in the tutorial's order and shape, every printed tensor computed
 * by libtorch, and the tutorial's print statements rendered the way Python prints them ({@link PyPrint}).
 *
 * <p>Writes {@code tensors.txt}, {@code autograd.txt} and {@code values.json} into the output folder, after checking
 * (1) the seeding against the torch-rng reference file, (2) that each chapter's draws are one contiguous stretch of
 * the stream, (3) every drawn float against an independent mt19937 replay, (4) the tutorial's own invariants
 * (y1 == y2 == y3, z1 == z2 == z3, the gradients). Any failed check stops it with a non-zero exit.
 *
 * <p>Usage: Chapters OUT_DIR TORCH_RNG_FRESH_SEED0_JSON
 */
public final class Chapters {
    private Chapters() {
    }

    static final Device CPU = Device.cpu();
    static PtNDManager m;

    /** Python's print(): the arguments joined by one space, then one newline. */
    static final class Out {
        final StringBuilder text = new StringBuilder();

        void print(String... parts) {
            text.append(String.join(" ", parts)).append('\n');
        }
    }

    /** One random draw of a chapter: its Python expression, shape and libtorch's values. */
    record Draw(String name, String python, long[] shape, float[] values, String note) {
    }

    /** One printed tensor's raw values, for values.json. */
    record Printed(String expr, PyPrint.T t) {
    }

    static final List<Draw> tensorsDraws = new ArrayList<>();
    static final List<Draw> autogradDraws = new ArrayList<>();
    static final List<Printed> tensorsPrinted = new ArrayList<>();
    static final List<Printed> autogradPrinted = new ArrayList<>();

    /** torch.manual_seed(s), the way DJL's public API does it (PtEngine.setRandomSeed -> torch::manual_seed). */
    static void manualSeed(long s) {
        Engine.getInstance().setRandomSeed((int) s);
    }

    /** {@code torch.empty(shape, dtype=float32).uniform_(0, 1)}: what torch.rand and torch.rand_like run. */
    static PtNDArray rand(long... shape) {
        return JniUtils.uniform(m, 0.0, 1.0, new Shape(shape), DataType.FLOAT32, CPU);
    }

    static PyPrint.T py(NDArray a) {
        long[] shape = a.getShape().getShape();
        switch (a.getDataType()) {
            case FLOAT32:
                return PyPrint.T.float32(a.toFloatArray(), shape);
            case FLOAT64:
                return PyPrint.T.float64(a.toDoubleArray(), shape);
            case INT64:
                return PyPrint.T.int64(a.toLongArray(), shape);
            case BOOLEAN:
                return PyPrint.T.bool(a.toBooleanArray(), shape);
            default:
                throw new IllegalStateException("dtype " + a.getDataType());
        }
    }

    /** str(tensor), remembering the values for values.json. */
    static String show(List<Printed> log, String expr, NDArray a) {
        PyPrint.T t = py(a);
        log.add(new Printed(expr, t));
        return PyPrint.str(t);
    }

    static void check(boolean ok, String what) {
        if (!ok) {
            throw new IllegalStateException("check failed: " + what);
        }
        System.err.println("ok: " + what);
    }

    static boolean sameBits(float[] a, float[] b) {
        if (a.length != b.length) {
            return false;
        }
        for (int k = 0; k < a.length; k++) {
            if (Float.floatToRawIntBits(a[k]) != Float.floatToRawIntBits(b[k])) {
                return false;
            }
        }
        return true;
    }

    static float[] concat(List<Draw> draws) {
        int n = draws.stream().mapToInt(d -> d.values().length).sum();
        float[] all = new float[n];
        int at = 0;
        for (Draw d : draws) {
            System.arraycopy(d.values(), 0, all, at, d.values().length);
            at += d.values().length;
        }
        return all;
    }

    // ------------------------------------------------------------------------------------------------------------
    // Tensors chapter
    // ------------------------------------------------------------------------------------------------------------

    static String tensorsChapter() {
        Out out = new Out();
        List<Printed> p = tensorsPrinted;
        manualSeed(0);

        // data = [[1, 2],[3, 4]]; x_data = torch.tensor(data)
        NDArray xData = m.create(new long[] {1, 2, 3, 4}, new Shape(2, 2));
        // x_ones = torch.ones_like(x_data)
        NDArray xOnes = xData.onesLike();
        out.print("Ones Tensor: \n " + show(p, "x_ones", xOnes) + " \n");
        // x_rand = torch.rand_like(x_data, dtype=torch.float)
        NDArray xRand = rand(2, 2);
        tensorsDraws.add(new Draw("x_rand", "torch.rand_like(x_data, dtype=torch.float)", new long[] {2, 2},
                xRand.toFloatArray(), "printed"));
        out.print("Random Tensor: \n " + show(p, "x_rand", xRand) + " \n");

        // shape = (2,3,); rand_tensor / ones_tensor / zeros_tensor
        NDArray randTensor = rand(2, 3);
        tensorsDraws.add(new Draw("rand_tensor", "torch.rand(shape)  # shape = (2,3,)", new long[] {2, 3},
                randTensor.toFloatArray(), "printed"));
        NDArray onesTensor = m.ones(new Shape(2, 3), DataType.FLOAT32);
        NDArray zerosTensor = m.zeros(new Shape(2, 3), DataType.FLOAT32);
        out.print("Random Tensor: \n " + show(p, "rand_tensor", randTensor) + " \n");
        out.print("Ones Tensor: \n " + show(p, "ones_tensor", onesTensor) + " \n");
        out.print("Zeros Tensor: \n " + show(p, "zeros_tensor", zerosTensor));

        // tensor = torch.rand(3,4) and its attributes
        NDArray tensor = rand(3, 4);
        tensorsDraws.add(new Draw("tensor_rand_3x4", "torch.rand(3,4)", new long[] {3, 4}, tensor.toFloatArray(),
                "not printed: only its shape, dtype and device are"));
        check(tensor.getDataType() == DataType.FLOAT32 && tensor.getDevice().equals(Device.cpu()),
                "torch.rand(3,4) is float32 on the cpu");
        out.print("Shape of tensor: " + PyPrint.size(tensor.getShape().getShape()));
        out.print("Datatype of tensor: torch.float32");
        out.print("Device tensor is stored on: cpu");
        // if torch.cuda.is_available(): tensor = tensor.to("cuda")   -- CPU engine: nothing runs, nothing prints

        // tensor = torch.ones(4, 4); indexing and slicing
        tensor = m.ones(new Shape(4, 4), DataType.FLOAT32);
        out.print("First row: " + show(p, "tensor[0]", tensor.get(0)));
        out.print("First column: " + show(p, "tensor[:, 0]", tensor.get(new NDIndex(":, 0"))));
        out.print("Last column: " + show(p, "tensor[..., -1]", tensor.get(new NDIndex("..., -1"))));
        tensor.set(new NDIndex(":, 1"), 0f);
        out.print(show(p, "tensor (after tensor[:,1] = 0)", tensor));

        // t1 = torch.cat([tensor, tensor, tensor], dim=1)
        NDArray t1 = NDArrays.concat(new NDList(tensor, tensor, tensor), 1);
        out.print(show(p, "t1", t1));

        // y1 = tensor @ tensor.T; y2 = tensor.matmul(tensor.T); y3 = torch.rand_like(y1); matmul(..., out=y3)
        NDArray y1 = tensor.matMul(tensor.transpose());
        NDArray y2 = tensor.matMul(tensor.transpose());
        NDArray y3 = rand(4, 4);
        tensorsDraws.add(new Draw("y3", "torch.rand_like(y1)", new long[] {4, 4}, y3.toFloatArray(),
                "never printed: torch.matmul(tensor, tensor.T, out=y3) overwrites it, but it is drawn"));
        y3.set(new NDIndex(":"), tensor.matMul(tensor.transpose())); // out=y3: the product written into y3
        check(y1.contentEquals(y2) && y1.contentEquals(y3), "y1 == y2 == y3");
        // z1 = tensor * tensor; z2 = tensor.mul(tensor); z3 = torch.rand_like(tensor); mul(..., out=z3)
        NDArray z1 = tensor.mul(tensor);
        NDArray z2 = tensor.mul(tensor);
        NDArray z3 = rand(4, 4);
        tensorsDraws.add(new Draw("z3", "torch.rand_like(tensor)", new long[] {4, 4}, z3.toFloatArray(),
                "never printed: torch.mul(tensor, tensor, out=z3) overwrites it, but it is drawn"));
        z3.set(new NDIndex(":"), tensor.mul(tensor));
        check(z1.contentEquals(z2) && z1.contentEquals(z3), "z1 == z2 == z3");

        // agg = tensor.sum(); agg_item = agg.item(); print(agg_item, type(agg_item))
        NDArray agg = tensor.sum();
        float aggItem = agg.getFloat();
        // Python prints repr(float): "12.0"; Java's Float.toString gives the same text for this value.
        String pyRepr = aggItem == Math.rint(aggItem) && Math.abs(aggItem) < 1e16
                ? PyPrint.fixed(aggItem, 0) + ".0" : null;
        check(pyRepr != null && pyRepr.equals(Float.toString(aggItem)),
                "agg.item() = " + aggItem + " prints the same in Python (repr) and Java (Float.toString)");
        out.print(Float.toString(aggItem), "class java.lang.Float"); // Python: 12.0 <class 'float'>
        tensorsPrinted.add(new Printed("agg_item", PyPrint.T.float32(new float[] {aggItem}, 1)));

        // print(f"{tensor} \n"); tensor.add_(5); print(tensor)
        out.print(show(p, "tensor (before add_)", tensor) + " \n");
        tensor.addi(5f);
        out.print(show(p, "tensor (after tensor.add_(5))", tensor));

        // Bridge: t = torch.ones(5); n = t.numpy() shares t's memory
        NDArray t = m.ones(new Shape(5), DataType.FLOAT32);
        out.print("t: " + show(p, "t = torch.ones(5)", t));
        out.print("n: " + Arrays.toString(t.toFloatArray())); // numpy: [1. 1. 1. 1. 1.]
        t.addi(1f); // t.add_(1): n sees it, being the same memory
        out.print("t: " + show(p, "t (after t.add_(1))", t));
        out.print("n: " + Arrays.toString(t.toFloatArray())); // numpy: [2. 2. 2. 2. 2.]
        // n = np.ones(5); t = torch.from_numpy(n) (float64, same memory); np.add(n, 1, out=n)
        double[] n = {1, 1, 1, 1, 1};
        NDArray t64 = m.create(n, new Shape(5));
        t64.addi(1.0); // the in-place add on the shared float64 memory
        out.print("t: " + show(p, "t = torch.from_numpy(n) (after np.add(n, 1, out=n))", t64));
        out.print("n: " + Arrays.toString(t64.toDoubleArray())); // numpy: [2. 2. 2. 2. 2.]
        return out.text.toString();
    }

    // ------------------------------------------------------------------------------------------------------------
    // Autograd chapter (without torchvision)
    // ------------------------------------------------------------------------------------------------------------

    static String autogradChapter(Engine engine) {
        Out out = new Out();
        List<Printed> p = autogradPrinted;
        manualSeed(0);

        // a = torch.tensor([2., 3.], requires_grad=True); b = torch.tensor([6., 4.], requires_grad=True)
        NDArray a = m.create(new float[] {2f, 3f}, new Shape(2));
        NDArray b = m.create(new float[] {6f, 4f}, new Shape(2));
        a.setRequiresGradient(true);
        b.setRequiresGradient(true);
        try (GradientCollector gc = engine.newGradientCollector()) { // autograd recording on, as in Python
            NDArray q = a.pow(3).mul(3).sub(b.pow(2)); // Q = 3*a**3 - b**2
            NDArray externalGrad = m.create(new float[] {1f, 1f}, new Shape(2));
            JniUtils.backward((PtNDArray) q, (PtNDArray) externalGrad, false, false); // Q.backward(gradient=...)
        }
        NDArray aGrad = a.getGradient();
        NDArray bGrad = b.getGradient();
        out.print(show(p, "9*a**2 == a.grad", a.pow(2).mul(9).eq(aGrad)));
        out.print(show(p, "-2*b == b.grad", b.mul(-2).eq(bGrad)));
        // Blitz's addition, in place of the frozen-ResNet part (torchvision): the gradients themselves.
        out.print(show(p, "a.grad", aGrad));
        out.print(show(p, "b.grad", bGrad));

        // Exclusion from the DAG
        NDArray x = rand(5, 5);
        NDArray y = rand(5, 5);
        NDArray z = rand(5, 5);
        z.setRequiresGradient(true);
        autogradDraws.add(new Draw("x", "torch.rand(5, 5)", new long[] {5, 5}, x.toFloatArray(), "not printed"));
        autogradDraws.add(new Draw("y", "torch.rand(5, 5)", new long[] {5, 5}, y.toFloatArray(), "not printed"));
        autogradDraws.add(new Draw("z", "torch.rand((5, 5), requires_grad=True)", new long[] {5, 5},
                z.toFloatArray(), "not printed"));
        boolean aReq;
        boolean bReq;
        try (GradientCollector gc = engine.newGradientCollector()) {
            aReq = requiresGrad(x.add(y)); // a = x + y
            bReq = requiresGrad(x.add(z)); // b = x + z
        }
        check(!aReq && bReq && requiresGrad(z) && !requiresGrad(x), "requires_grad: x, z, x + y, x + z");
        out.print("Does `a` require gradients? : " + PyPrint.bool(aReq));
        out.print("Does `b` require gradients?: " + PyPrint.bool(bReq));
        return out.text.toString();
    }

    /**
     * Python's {@code t.requires_grad}: set on a leaf, or a grad_fn recorded for an op's result. DJL 0.36's
     * {@code JniUtils.requiresGrad} answers false for results that do have a grad_fn (AddBackward0 ...), and its
     * grad_fn-name call crashes on tensors without one, so for a result libtorch is asked the other way: a backward
     * through it (graph kept) succeeds exactly when it has a grad_fn, and fails with "does not require grad" when not.
     */
    static boolean requiresGrad(NDArray t) {
        if (JniUtils.requiresGrad((PtNDArray) t)) {
            return true;
        }
        NDArray s = t.sum();
        try {
            JniUtils.backward((PtNDArray) s, (PtNDArray) s.onesLike(), true, false);
            return true;
        } catch (ai.djl.engine.EngineException e) {
            if (!String.valueOf(e.getMessage()).contains("does not require grad")) {
                throw e;
            }
            return false;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // Checks of the random stream
    // ------------------------------------------------------------------------------------------------------------

    static float[] jsonFloats(JsonArray arr) {
        float[] v = new float[arr.size()];
        for (int k = 0; k < v.length; k++) {
            v[k] = Float.parseFloat(arr.get(k).getAsString());
        }
        return v;
    }

    /** That seeding here gives torch-rng's reference draws; returns them (rand(17) after seed 0). */
    static float[] checkSeeding(Path freshSeed0) throws IOException {
        JsonObject fresh = JsonParser.parseString(Files.readString(freshSeed0)).getAsJsonObject();
        float[] rand17 = jsonFloats(fresh.getAsJsonObject("tensors").getAsJsonObject("rand_17")
                .getAsJsonArray("values"));
        manualSeed(0);
        check(sameBits(rand(17).toFloatArray(), rand17),
                "Engine.setRandomSeed(0); rand(17) == torch-rng fresh_seed0 rand_17 (bit for bit)");
        JniUtils.setSeed(0);
        check(sameBits(rand(17).toFloatArray(), rand17),
                "JniUtils.setSeed(0) (torch::manual_seed) gives the same rand(17)");
        return rand17;
    }

    static void checkStream(Path freshSeed0) throws IOException {
        float[] rand17 = checkSeeding(freshSeed0);

        for (List<Draw> draws : List.of(tensorsDraws, autogradDraws)) {
            float[] seq = concat(draws);
            manualSeed(0);
            float[] one = rand(seq.length).toFloatArray();
            String names = draws.stream().map(Draw::name).toList().toString();
            check(sameBits(seq, one), "draws " + names + " (" + seq.length
                    + " floats) == one rand(" + seq.length + ") after manual_seed(0): each draw of k elements"
                    + " takes the next k numbers of the stream");
            check(sameBits(Arrays.copyOf(seq, 17), rand17), "their first 17 == torch-rng rand_17");
            Mt19937 mt = new Mt19937(0);
            float[] replay = new float[seq.length];
            for (int k = 0; k < replay.length; k++) {
                replay[k] = (mt.next() & 0xFFFFFF) * 0x1p-24f;
            }
            check(sameBits(seq, replay), "all " + seq.length
                    + " == independent mt19937(seed 0) replay, (u32 & 0xFFFFFF) * 2^-24 per element");
        }
    }

    /** Standard 32-bit MT19937 seeded with init_genrand(seed), as at::mt19937 does; only a cross-check here. */
    static final class Mt19937 {
        private final int[] mt = new int[624];
        private int index;

        Mt19937(long seed) {
            mt[0] = (int) seed;
            for (int i = 1; i < 624; i++) {
                mt[i] = 1812433253 * (mt[i - 1] ^ (mt[i - 1] >>> 30)) + i;
            }
            index = 624;
        }

        int next() {
            if (index >= 624) {
                for (int i = 0; i < 624; i++) {
                    int y = (mt[i] & 0x80000000) | (mt[(i + 1) % 624] & 0x7fffffff);
                    mt[i] = mt[(i + 397) % 624] ^ (y >>> 1) ^ ((y & 1) != 0 ? 0x9908b0df : 0);
                }
                index = 0;
            }
            int y = mt[index++];
            y ^= y >>> 11;
            y ^= (y << 7) & 0x9d2c5680;
            y ^= (y << 15) & 0xefc60000;
            y ^= y >>> 18;
            return y;
        }
    }

    // ------------------------------------------------------------------------------------------------------------
    // values.json
    // ------------------------------------------------------------------------------------------------------------

    static JsonArray floatsJson(float[] v) {
        JsonArray a = new JsonArray();
        for (float f : v) {
            if (Float.parseFloat(Float.toString(f)) != f) {
                throw new IllegalStateException("Float.toString does not round-trip " + f);
            }
            a.add(new com.google.gson.JsonPrimitive(new java.math.BigDecimal(Float.toString(f))));
        }
        return a;
    }

    static JsonArray shapeJson(long[] shape) {
        JsonArray a = new JsonArray();
        for (long d : shape) {
            a.add(d);
        }
        return a;
    }

    static JsonObject chapterJson(List<Draw> draws, List<Printed> printed) {
        JsonObject ch = new JsonObject();
        JsonArray order = new JsonArray();
        JsonObject dj = new JsonObject();
        int offset = 0;
        for (Draw d : draws) {
            order.add(d.name());
            JsonObject o = new JsonObject();
            o.addProperty("python", d.python());
            o.addProperty("stream_offset", offset);
            offset += d.values().length;
            o.add("shape", shapeJson(d.shape()));
            o.addProperty("dtype", "float32");
            o.addProperty("note", d.note());
            o.add("values", floatsJson(d.values()));
            dj.add(d.name(), o);
        }
        ch.add("draw_order", order);
        ch.add("draws", dj);
        JsonArray pj = new JsonArray();
        for (Printed pr : printed) {
            JsonObject o = new JsonObject();
            o.addProperty("expr", pr.expr());
            o.addProperty("dtype", pr.t().dtype());
            o.add("shape", shapeJson(pr.t().shape()));
            JsonArray vals = new JsonArray();
            if (pr.t().f() != null) {
                for (double v : pr.t().f()) {
                    vals.add(new java.math.BigDecimal(pr.t().dtype().equals("torch.float32")
                            ? Float.toString((float) v) : Double.toString(v)));
                }
            } else if (pr.t().i() != null) {
                for (long v : pr.t().i()) {
                    vals.add(v);
                }
            } else {
                for (boolean v : pr.t().b()) {
                    vals.add(v);
                }
            }
            o.add("values", vals);
            pj.add(o);
        }
        ch.add("printed", pj);
        return ch;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: Chapters OUT_DIR TORCH_RNG_FRESH_SEED0_JSON");
            System.exit(2);
        }
        Path outDir = Path.of(args[0]);
        Engine engine = Engine.getEngine("PyTorch");
        System.err.println("# DJL " + Engine.getDjlVersion() + " engine " + engine.getEngineName() + " "
                + engine.getVersion() + " intra-op threads=" + JniUtils.getNumThreads());
        m = (PtNDManager) engine.newBaseManager(CPU);

        String tensors = tensorsChapter();
        String autograd = autogradChapter(engine);
        checkStream(Path.of(args[1]));

        JsonObject root = new JsonObject();
        root.addProperty("how", "Made by scripts/torch-fixtures (Chapters.java): libtorch " + engine.getVersion()
                + " CPU through DJL " + Engine.getDjlVersion() + ", each chapter right after torch.manual_seed(0)"
                + " (Engine.setRandomSeed(0) -> torch::manual_seed(0)). Draws: torch.rand / rand_like as"
                + " torch.empty(shape, float32).uniform_(0, 1) (JniUtils.uniform), in the chapter's order."
                + " Floats are Float.toString of the float32 values (they parse back to the same bits).");
        root.addProperty("engine", "PyTorch " + engine.getVersion());
        root.addProperty("seed", 0);
        root.addProperty("stream_rule", "torch.rand of k float32 elements takes the next k 32-bit mt19937 outputs,"
                + " value = (u32 & 0xFFFFFF) * 2^-24; checked against an mt19937 replay and torch-rng");
        Map<String, JsonObject> chapters = new LinkedHashMap<>();
        chapters.put("tensors", chapterJson(tensorsDraws, tensorsPrinted));
        chapters.put("autograd", chapterJson(autogradDraws, autogradPrinted));
        chapters.forEach(root::add);

        Files.createDirectories(outDir);
        Files.writeString(outDir.resolve("tensors.txt"), tensors, StandardCharsets.UTF_8);
        Files.writeString(outDir.resolve("autograd.txt"), autograd, StandardCharsets.UTF_8);
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        Files.writeString(outDir.resolve("values.json"), compact(gson.toJson(root)) + "\n", StandardCharsets.UTF_8);
        System.err.println("wrote tensors.txt, autograd.txt, values.json to " + outDir);
        System.out.print(tensors);
        System.out.println("----");
        System.out.print(autograd);
    }

    /** Gson's pretty JSON with every array that holds no object or array written on one line. */
    static String compact(String json) {
        java.util.regex.Matcher mm = java.util.regex.Pattern.compile("\\[[^\\[\\]{}]*\\]").matcher(json);
        StringBuilder sb = new StringBuilder();
        while (mm.find()) {
            String g = mm.group(); // JSON strings hold no raw newline: only real arrays are changed
            String flat = !g.contains("\n") ? g : g.replaceAll(",\\s*\\n\\s*", ", ")
                    .replaceAll("^\\[\\s*\\n\\s*", "[").replaceAll("\\s*\\n\\s*\\]$", "]");
            mm.appendReplacement(sb, java.util.regex.Matcher.quoteReplacement(flat));
        }
        mm.appendTail(sb);
        return sb.toString();
    }
}
